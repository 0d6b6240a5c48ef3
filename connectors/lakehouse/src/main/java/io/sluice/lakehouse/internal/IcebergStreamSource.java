package io.sluice.lakehouse.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.InputPartition;
import io.sluice.api.connector.Offset;
import io.sluice.api.connector.PartitionReader;
import io.sluice.api.connector.ReadLimit;
import io.sluice.api.connector.Source;
import io.sluice.api.types.StructType;
import io.sluice.lakehouse.LakehouseOptions;
import io.sluice.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The streaming source of an Iceberg table: each batch reads the rows appended by the snapshots
 * committed since the previous batch (an incremental append scan), one input partition per data
 * file. The offset is the last snapshot read ({@link SnapshotOffset}).
 *
 * <p>Compaction snapshots ({@code replace}) add no rows and are passed over; {@code overwrite} and
 * {@code delete} snapshots fail the query unless {@code skipOverwrites=true}. A query that starts
 * from the earliest position on a table whose first snapshots were expired reads the whole content
 * of the oldest retained snapshot as its first batch, then continues with appends.
 */
final class IcebergStreamSource implements Source {
  private final TableLocator locator;
  private final StructType schema;
  private final ConnectorOptions options;
  private final Integer maxFiles;
  private final Integer maxSnapshots;
  private final boolean skipOverwrites;
  private final Path metadataDir;
  private Table table;
  private volatile Long pinnedEnd;

  IcebergStreamSource(TableLocator locator, StructType schema, ConnectorOptions options, Path metadataDir) {
    this.locator = locator;
    this.metadataDir = metadataDir;
    this.schema = schema;
    this.options = options;
    this.maxFiles = options.get(LakehouseOptions.MAX_FILES_PER_TRIGGER);
    this.maxSnapshots = options.get(LakehouseOptions.MAX_SNAPSHOTS_PER_TRIGGER);
    this.skipOverwrites = options.get(LakehouseOptions.SKIP_OVERWRITES);
    this.table = locator.load().orElse(null);
  }

  /** @return the table, loaded once it exists; null while it does not */
  private Table table() {
    if (table == null) {
      table = locator.load().orElse(null);
    }
    return table;
  }

  @Override
  public StructType schema() {
    return schema;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Resolved once per checkpoint and kept in the source's checkpoint directory, so that a query
   * restarted before its first batch (e.g. with {@code startingOffsets=latest}) starts where it
   * first would have, as Spark's Kafka source does.
   */
  @Override
  public Offset initialOffset() {
    Path file = metadataDir == null ? null : metadataDir.resolve("initial-offset");
    if (file != null && Files.exists(file)) {
      return SnapshotOffset.parse(new String(AtomicFiles.read(file), StandardCharsets.UTF_8));
    }
    SnapshotOffset resolved = resolveInitialOffset();
    if (file != null && table() != null) {
      try {
        Files.createDirectories(metadataDir);
        AtomicFiles.writeReplacing(file, resolved.json().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return resolved;
  }

  private SnapshotOffset resolveInitialOffset() {
    Table t = table();
    if (t == null) {
      return SnapshotOffset.NONE;
    }
    t.refresh();
    Long startId = options.get(LakehouseOptions.STARTING_SNAPSHOT_ID);
    if (startId != null) {
      Snapshot s = t.snapshot(startId);
      if (s == null || !chain(t, t.currentSnapshot()).contains(s)) {
        throw new AnalysisException("startingSnapshotId " + startId + " is not in the history of "
            + locator + " (expired, or not an ancestor of the current snapshot)");
      }
      return before(t, s);
    }
    String ts = options.get(LakehouseOptions.STARTING_TIMESTAMP);
    if (ts != null) {
      long ms = parseMillis(ts);
      List<Snapshot> oldestFirst = chain(t, t.currentSnapshot());
      Collections.reverse(oldestFirst);
      for (Snapshot s : oldestFirst) {
        if (s.timestampMillis() >= ms) {
          return before(t, s);
        }
      }
      return current(t);
    }
    if (options.get(LakehouseOptions.STARTING_OFFSETS).toLowerCase(Locale.ROOT).equals("latest")) {
      return current(t);
    }
    return SnapshotOffset.NONE;
  }

  private static long parseMillis(String ts) {
    try {
      return Long.parseLong(ts.trim());
    } catch (NumberFormatException e) {
      try {
        return Instant.parse(ts.trim()).toEpochMilli();
      } catch (RuntimeException e2) {
        throw new AnalysisException("Invalid value '" + ts + "' for option 'startingTimestamp': expected "
            + "epoch milliseconds or an ISO-8601 instant such as 2025-01-01T00:00:00Z");
      }
    }
  }

  private static SnapshotOffset current(Table t) {
    Snapshot c = t.currentSnapshot();
    return c == null ? SnapshotOffset.NONE : new SnapshotOffset(c.snapshotId(), false);
  }

  /** The offset just before snapshot {@code s}: its parent if still known, else nothing read. */
  private static SnapshotOffset before(Table t, Snapshot s) {
    return s.parentId() != null && t.snapshot(s.parentId()) != null
        ? new SnapshotOffset(s.parentId(), false) : SnapshotOffset.NONE;
  }

  /** The snapshots from {@code end} back to the oldest retained ancestor, newest first. */
  private static List<Snapshot> chain(Table t, Snapshot end) {
    List<Snapshot> out = new ArrayList<>();
    for (Snapshot s = end; s != null; s = s.parentId() == null ? null : t.snapshot(s.parentId())) {
      out.add(s);
    }
    return out;
  }

  @Override
  public ReadLimit defaultReadLimit() {
    if (maxFiles == null && maxSnapshots == null) {
      return ReadLimit.allAvailable();
    }
    return new ReadLimit.MaxFiles(maxFiles == null ? Integer.MAX_VALUE : maxFiles);
  }

  @Override
  public void prepareForAvailableNow() {
    Table t = table();
    if (t == null) {
      pinnedEnd = -1L;
      return;
    }
    t.refresh();
    Snapshot c = t.currentSnapshot();
    pinnedEnd = c == null ? -1L : c.snapshotId();
  }

  @Override
  public Offset latestOffset(Offset startOffset, ReadLimit limit) {
    SnapshotOffset start = SnapshotOffset.of(startOffset);
    Table t = table();
    if (t == null) {
      return start;
    }
    t.refresh();
    Long pinned = pinnedEnd;
    Snapshot end = pinned == null ? t.currentSnapshot() : pinned < 0 ? null : t.snapshot(pinned);
    if (end == null || end.snapshotId() == start.snapshotId()) {
      return start;
    }
    List<Snapshot> newer = new ArrayList<>();
    boolean found = start.snapshotId() < 0;
    for (Snapshot s : chain(t, end)) {
      if (s.snapshotId() == start.snapshotId()) {
        found = true;
        break;
      }
      newer.add(s);
    }
    if (!found) {
      throw new IllegalStateException("Snapshot " + start.snapshotId() + ", the last one this query read from "
          + locator + ", is no longer an ancestor of the current snapshot " + end.snapshotId()
          + ": it was expired before the query read past it, or the table was rolled back or replaced. "
          + "Start the query from a new checkpoint (e.g. with option startingSnapshotId)");
    }
    Collections.reverse(newer);
    if (start.snapshotId() < 0 && newer.get(0).parentId() != null) {
      // The history before the oldest retained snapshot was expired: read its whole content first.
      return new SnapshotOffset(newer.get(0).snapshotId(), true);
    }
    boolean limited = !(limit instanceof ReadLimit.AllAvailable);
    long fileLimit = limited ? maxFiles(limit) : Long.MAX_VALUE;
    long snapshotLimit = limited && maxSnapshots != null ? maxSnapshots : Long.MAX_VALUE;
    long last = start.snapshotId();
    long files = 0;
    long snapshots = 0;
    for (Snapshot s : newer) {
      String op = s.operation();
      if (DataOperations.APPEND.equals(op)) {
        long added = Long.parseLong(s.summary().getOrDefault(SnapshotSummary.ADDED_FILES_PROP, "0"));
        if (snapshots > 0 && (snapshots + 1 > snapshotLimit || files + added > fileLimit)) {
          break;
        }
        files += added;
        snapshots++;
      } else if (!DataOperations.REPLACE.equals(op) && !skipOverwrites) {
        throw new IllegalStateException("Snapshot " + s.snapshotId() + " of " + locator + " is an '" + op
            + "' snapshot (" + s.summary().getOrDefault(SnapshotSummary.DELETED_RECORDS_PROP, "0")
            + " rows deleted): the iceberg source streams appends only. Set option skipOverwrites=true to "
            + "pass over such snapshots (their changes are then not streamed)");
      }
      last = s.snapshotId();
    }
    return last == start.snapshotId() ? start : new SnapshotOffset(last, false);
  }

  private static long maxFiles(ReadLimit limit) {
    if (limit instanceof ReadLimit.MaxFiles m) {
      return Math.max(1, m.maxFiles());
    }
    if (limit instanceof ReadLimit.Composite c) {
      long min = Long.MAX_VALUE;
      for (ReadLimit l : c.limits()) {
        min = Math.min(min, maxFiles(l));
      }
      return min;
    }
    return Long.MAX_VALUE;
  }

  @Override
  public List<InputPartition> planInputPartitions(Offset startOffset, Offset endOffset) {
    SnapshotOffset start = SnapshotOffset.of(startOffset);
    SnapshotOffset end = SnapshotOffset.of(endOffset);
    Table t = table();
    if (t == null || end.snapshotId() < 0 || end.snapshotId() == start.snapshotId()) {
      return List.of();
    }
    if (t.snapshot(end.snapshotId()) == null) {
      t.refresh();
    }
    Snapshot endSnapshot = t.snapshot(end.snapshotId());
    if (endSnapshot == null) {
      throw new IllegalStateException("Snapshot " + end.snapshotId() + " of " + locator
          + " was expired before the batch that reads it ran");
    }
    CloseableIterable<FileScanTask> tasks;
    if (end.scanAll()) {
      tasks = t.newScan().useSnapshot(end.snapshotId()).planFiles();
    } else if (start.snapshotId() < 0) {
      List<Snapshot> c = chain(t, endSnapshot);
      tasks = t.newIncrementalAppendScan().fromSnapshotInclusive(c.get(c.size() - 1).snapshotId())
          .toSnapshot(end.snapshotId()).planFiles();
    } else {
      try {
        tasks = t.newIncrementalAppendScan().fromSnapshotExclusive(start.snapshotId())
            .toSnapshot(end.snapshotId()).planFiles();
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("Cannot read the appends of " + locator + " after snapshot "
            + start.snapshotId() + " up to " + end.snapshotId() + ": " + e.getMessage(), e);
      }
    }
    List<InputPartition> out = new ArrayList<>();
    try (tasks) {
      for (FileScanTask task : tasks) {
        out.add(new TableReader.FilePartition(task, t, locator.name() + " " + task.file().location()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Override
  public PartitionReader createReader(InputPartition partition) {
    return TableReader.open((TableReader.FilePartition) partition, schema);
  }

  @Override
  public Offset deserializeOffset(String json) {
    return SnapshotOffset.parse(json);
  }

  @Override
  public String description() {
    return "IcebergSource[" + locator.name() + "]";
  }
}
