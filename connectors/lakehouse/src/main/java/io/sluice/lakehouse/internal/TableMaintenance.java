package io.sluice.lakehouse.internal;

import io.sluice.api.connector.ConnectorOptions;
import io.sluice.lakehouse.LakehouseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.StructLikeWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance the sink runs on its table after every N committed batches, on the query's thread
 * (so it never races the sink's own commits):
 *
 * <ol>
 *   <li><b>compaction</b> ({@code RewriteFiles}): in each partition with at least
 *       {@code compactMinFiles} small files (under 3/4 of the target size), the small files are
 *       rewritten into target-size files; a partition with equality or position delete files has
 *       all its data files rewritten with the deletes applied, and the delete files are dropped;
 *   <li><b>manifest rewrite</b> when appends left more than 20 data manifests;
 *   <li><b>snapshot expiry</b>: snapshots older than {@code expireAfter} are expired (their
 *       unreferenced files deleted), keeping at least {@code retainLast} snapshots and always the
 *       whole chain back to the snapshot holding this query's latest batch marker, so the commit
 *       validation keeps seeing it; the marker is also a table property.
 * </ol>
 */
public final class TableMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(TableMaintenance.class);

  private static final int MAX_DATA_MANIFESTS = 20;

  private final Table table;
  private final UUID queryId;
  private final long expireAfterMs;
  private final int retainLast;
  private final boolean compact;
  private final int minFiles;
  private final long targetSize;

  /**
   * Configures maintenance.
   *
   * @param table the table
   * @param queryId the query whose markers must be kept
   * @param options the sink options
   */
  public TableMaintenance(Table table, UUID queryId, ConnectorOptions options) {
    this.table = table;
    this.queryId = queryId;
    this.expireAfterMs = options.get(LakehouseOptions.MAINTENANCE_EXPIRE_AFTER).toMillis();
    this.retainLast = options.get(LakehouseOptions.MAINTENANCE_RETAIN_LAST);
    this.compact = options.get(LakehouseOptions.MAINTENANCE_COMPACT);
    this.minFiles = options.get(LakehouseOptions.MAINTENANCE_COMPACT_MIN_FILES);
    this.targetSize = options.get(LakehouseOptions.TARGET_FILE_SIZE);
  }

  /** Runs compaction (if enabled), manifest rewriting and snapshot expiry. */
  public void run() {
    if (compact) {
      compact();
    }
    rewriteManifests();
    expire();
  }

  /**
   * Appends add one manifest per commit (fast append, the cheapest commit): once the current
   * snapshot has more than {@value #MAX_DATA_MANIFESTS} data manifests, they are rewritten into a
   * few, so scan planning stays fast.
   *
   * @return whether manifests were rewritten
   */
  public boolean rewriteManifests() {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current == null || current.dataManifests(table.io()).size() <= MAX_DATA_MANIFESTS) {
      return false;
    }
    table.rewriteManifests().clusterBy(f -> f.specId()).set("sluice.maintenance", "rewrite-manifests").commit();
    return true;
  }

  /**
   * Expires old snapshots, keeping the chain back to this query's latest marker.
   *
   * @return the number of snapshots expired
   */
  public int expire() {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return 0;
    }
    int before = size(table.snapshots());
    int distance = 0;
    Snapshot marker = BatchMarkers.latestMarkerSnapshot(table, queryId);
    if (marker != null) {
      for (Snapshot s = current; s != null; s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
        distance++;
        if (s.snapshotId() == marker.snapshotId()) {
          break;
        }
      }
    }
    table.expireSnapshots()
        .expireOlderThan(System.currentTimeMillis() - expireAfterMs)
        .retainLast(Math.max(retainLast, distance))
        .commit();
    table.refresh();
    int expired = before - size(table.snapshots());
    LOG.debug("Expired {} snapshots of {}", expired, table.name());
    return expired;
  }

  private static int size(Iterable<?> it) {
    int n = 0;
    for (Object ignored : it) {
      n++;
    }
    return n;
  }

  /**
   * Compacts small files and applies delete files.
   *
   * @return the number of data files rewritten
   */
  public int compact() {
    table.refresh();
    Snapshot start = table.currentSnapshot();
    if (start == null) {
      return 0;
    }
    Map<StructLikeWrapper, List<FileScanTask>> groups = new LinkedHashMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(start.snapshotId()).planFiles()) {
      for (FileScanTask t : tasks) {
        StructLikeWrapper key = StructLikeWrapper.forType(table.specs().get(t.spec().specId()).partitionType())
            .set(t.file().partition());
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Every live delete file by partition: also those that apply to no live row any more (an upsert's
    // deletes of keys it inserts for the first time), which no scan task carries.
    Map<StructLikeWrapper, List<DeleteFile>> liveDeletes = liveDeleteFiles(start);
    Set<DataFile> oldData = new HashSet<>();
    Set<DeleteFile> oldDeletes = new HashSet<>();
    List<DataFile> newData = new ArrayList<>();
    int group = 0;
    long small = targetSize * 3 / 4;
    for (Map.Entry<StructLikeWrapper, List<FileScanTask>> e : groups.entrySet()) {
      List<FileScanTask> tasks = e.getValue();
      List<DeleteFile> deletes = liveDeletes.getOrDefault(e.getKey(), List.of());
      if (tasks.stream().anyMatch(t -> t.spec().specId() != table.spec().specId())) {
        continue; // files of an older partition spec: left alone
      }
      List<FileScanTask> chosen;
      if (!deletes.isEmpty()) {
        chosen = tasks; // all data files of the partition, so its delete files become obsolete
      } else {
        chosen = tasks.stream().filter(t -> t.file().fileSizeInBytes() < small).toList();
        if (chosen.size() < minFiles) {
          continue;
        }
      }
      newData.addAll(rewrite(chosen, group++, start.snapshotId()));
      chosen.forEach(t -> oldData.add(t.file()));
      oldDeletes.addAll(deletes);
    }
    // Delete files of partitions without live data files apply to nothing.
    liveDeletes.forEach((partition, deletes) -> {
      if (!groups.containsKey(partition)) {
        oldDeletes.addAll(deletes);
      }
    });
    if (oldData.isEmpty() && oldDeletes.isEmpty()) {
      return 0;
    }
    try {
      RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(start.snapshotId())
          .set("sluice.maintenance", "compaction");
      oldData.forEach(rewrite::deleteFile);
      oldDeletes.forEach(rewrite::deleteFile);
      newData.forEach(rewrite::addFile);
      rewrite.commit();
    } catch (RuntimeException e) {
      newData.forEach(f -> table.io().deleteFile(f.location()));
      throw e;
    }
    LOG.debug("Compacted {} data files and {} delete files of {} into {} files", oldData.size(),
        oldDeletes.size(), table.name(), newData.size());
    return oldData.size();
  }

  private Map<StructLikeWrapper, List<DeleteFile>> liveDeleteFiles(Snapshot snapshot) {
    Map<StructLikeWrapper, List<DeleteFile>> out = new LinkedHashMap<>();
    for (ManifestFile manifest : snapshot.deleteManifests(table.io())) {
      try (ManifestReader<DeleteFile> reader = ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
        for (DeleteFile d : reader) {
          DeleteFile copy = d.copy();
          StructLikeWrapper key = StructLikeWrapper.forType(table.specs().get(copy.specId()).partitionType())
              .set(copy.partition());
          out.computeIfAbsent(key, k -> new ArrayList<>()).add(copy);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private List<DataFile> rewrite(List<FileScanTask> tasks, int group, long taskId) {
    Schema schema = table.schema();
    GenericRecord out = GenericRecord.create(schema);
    FileWriters writers = new FileWriters(table, group, taskId, targetSize, null);
    try (writers) {
      for (FileScanTask task : tasks) {
        TableReader.Records rs = TableReader.records(table, task);
        int[] positions = new int[schema.columns().size()];
        for (int i = 0; i < positions.length; i++) {
          positions[i] = rs.schema().columns().indexOf(rs.schema().findField(schema.columns().get(i).fieldId()));
        }
        try (CloseableIterable<Record> records = rs.records()) {
          for (Record r : records) {
            StructLike in = r;
            for (int i = 0; i < positions.length; i++) {
              out.set(i, positions[i] < 0 ? null : in.get(positions[i], Object.class));
            }
            writers.write(out);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return writers.dataFiles();
  }
}
