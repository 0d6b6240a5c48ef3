package io.sluice.lakehouse.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.OutputMode;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkBatch;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import io.sluice.lakehouse.LakehouseOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Iceberg table sink. Batch N of query Q is committed as exactly one snapshot whose summary
 * holds Q and N (see {@link BatchMarkers}): before writing, a batch already committed by Q is
 * skipped; the commit validates, inside Iceberg's commit and its retries, that no ancestor holds
 * N of Q. Append mode appends data files, complete mode replaces the table's content, update mode
 * writes a row delta (equality deletes on the key columns plus the new rows).
 */
public final class IcebergSink implements Sink {
  private static final Logger LOG = LoggerFactory.getLogger(IcebergSink.class);

  private final TableLocator locator;
  private final Table table;
  private final OutputMode mode;
  private final UUID queryId;
  private final StructType schema;
  private final List<String> keyColumns;
  private final long targetFileSize;
  private final int threads;
  private final TableMaintenance maintenance;
  private final int maintenanceEvery;
  private ExecutorService pool;
  private int committedSinceMaintenance;
  private long lastWriteMs;
  private long lastCommitMs;
  private long lastBatchMs;
  private long committedBatches;
  private long skippedBatches;

  /**
   * Opens the sink: creates the table from the query's schema if it does not exist, otherwise
   * checks (and with {@code mergeSchema} evolves) its schema.
   *
   * @param context the sink context
   * @throws AnalysisException for an incompatible schema or missing update keys
   */
  public IcebergSink(SinkContext context) {
    ConnectorOptions options = context.options();
    this.locator = TableLocator.from(options);
    this.mode = context.outputMode();
    this.queryId = context.queryId();
    this.schema = context.schema();
    this.targetFileSize = options.get(LakehouseOptions.TARGET_FILE_SIZE);
    this.threads = options.get(LakehouseOptions.WRITE_THREADS);
    this.keyColumns = mode == OutputMode.UPDATE ? keyColumns(context) : null;
    Table t = locator.load().orElse(null);
    if (t == null) {
      t = create(options);
    } else {
      List<String> changes = SchemaReconciler.reconcile(t, locator.name(), schema,
          options.get(LakehouseOptions.MERGE_SCHEMA));
      if (!changes.isEmpty()) {
        LOG.info("Evolved the schema of {}: {}", locator, changes);
        t.refresh();
      }
    }
    this.table = t;
    if (keyColumns != null) {
      checkKeys();
    }
    this.maintenanceEvery = options.get(LakehouseOptions.MAINTENANCE_EVERY);
    this.maintenance = new TableMaintenance(table, queryId, options);
  }

  private List<String> keyColumns(SinkContext context) {
    List<String> keys = context.keyColumns();
    if (keys == null || keys.isEmpty()) {
      String opt = context.options().get(LakehouseOptions.KEY_COLUMNS);
      if (opt == null) {
        opt = context.options().get(LakehouseOptions.UPSERT_KEYS);
      }
      if (opt != null) {
        keys = Arrays.stream(opt.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .collect(java.util.stream.Collectors.toList());
      }
    }
    if (keys == null || keys.isEmpty()) {
      throw new AnalysisException("The iceberg sink in update mode needs the key columns of the upsert: "
          + "set option keyColumns, e.g. option(\"keyColumns\", \"window,page\")");
    }
    List<String> resolved = new ArrayList<>();
    for (String k : keys) {
      int i = schema.indexOf(k);
      if (i < 0) {
        throw new AnalysisException("Key column '" + k + "' is not a column of the query; columns: "
            + schema.fieldNames());
      }
      resolved.add(schema.field(i).name());
    }
    return resolved;
  }

  private void checkKeys() {
    Schema s = table.schema();
    List<String> tableKeys = new ArrayList<>();
    for (String k : keyColumns) {
      var f = Schemas.findField(s.asStruct(), k);
      if (f == null || !f.type().isPrimitiveType()) {
        throw new AnalysisException("Key column '" + k + "' must be a primitive column of " + locator.name());
      }
      tableKeys.add(f.name());
    }
    for (PartitionField pf : table.spec().fields()) {
      String source = s.findColumnName(pf.sourceId());
      if (!tableKeys.contains(source)) {
        throw new AnalysisException("Update mode into " + locator.name() + " partitioned by " + pf
            + " needs the partition source column '" + source + "' among the key columns " + tableKeys
            + ", so that a key's old row and new row are in the same partition");
      }
    }
    keyColumns.clear();
    keyColumns.addAll(tableKeys);
  }

  private Table create(ConnectorOptions options) {
    Schema icebergSchema = Schemas.toIceberg(schema);
    PartitionSpec spec = PartitionSpecs.parse(options.get(LakehouseOptions.PARTITION_BY), icebergSchema);
    Map<String, String> props = new LinkedHashMap<>();
    props.put(TableProperties.FORMAT_VERSION, "2");
    props.put(TableProperties.DEFAULT_FILE_FORMAT, options.get(LakehouseOptions.WRITE_FORMAT).toLowerCase(Locale.ROOT));
    props.put(TableProperties.PARQUET_COMPRESSION, "zstd");
    props.put(TableProperties.DELETE_PARQUET_COMPRESSION, "zstd");
    props.put(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, String.valueOf(targetFileSize));
    props.putAll(options.withPrefix(LakehouseOptions.TABLE_PROPERTY_PREFIX));
    Table created = locator.create(icebergSchema, spec, props);
    LOG.info("Created {} with schema {} and partition spec {}", locator, created.schema(), created.spec());
    if (created.schema().columns().size() != icebergSchema.columns().size()) {
      // another writer created it first with another schema: check ours against it
      SchemaReconciler.reconcile(created, locator.name(), schema, options.get(LakehouseOptions.MERGE_SCHEMA));
      created.refresh();
    }
    return created;
  }

  @Override
  public void addBatch(long batchId, SinkBatch batch) throws Exception {
    if (batch.numRows() == 0) {
      return;
    }
    long t0 = System.nanoTime();
    table.refresh();
    long last = BatchMarkers.lastCommittedBatch(table, queryId);
    if (batchId <= last) {
      LOG.info("Batch {} of query {} is already committed to {} (latest: {}): skipped", batchId, queryId,
          locator, last);
      skippedBatches++;
      return;
    }
    long t1 = System.nanoTime();
    Written written = write(batchId, batch);
    long t2 = System.nanoTime();
    lastWriteMs = (t2 - t1) / 1_000_000;
    boolean committed = false;
    boolean keepFiles = false;
    try {
      committed = commit(batchId, written);
      keepFiles = committed;
    } catch (CommitStateUnknownException e) {
      // The commit may have succeeded: keep the files (they may be referenced) and fail the batch;
      // the re-run finds the marker if it did.
      keepFiles = true;
      throw e;
    } finally {
      if (!keepFiles) {
        written.deleteAll(table);
      }
    }
    lastCommitMs = (System.nanoTime() - t2) / 1_000_000;
    lastBatchMs = (System.nanoTime() - t0) / 1_000_000;
    if (committed) {
      committedBatches++;
      committedSinceMaintenance++;
      if (maintenanceEvery > 0 && committedSinceMaintenance >= maintenanceEvery) {
        committedSinceMaintenance = 0;
        try {
          maintenance.run();
        } catch (RuntimeException e) {
          // The batch is committed: a maintenance failure must not make the engine re-run it.
          LOG.warn("Maintenance of {} failed; it will be tried again after the next {} batches", locator,
              maintenanceEvery, e);
        }
      }
    }
  }

  /** The files one batch wrote. */
  private record Written(List<DataFile> data, List<DeleteFile> deletes) {
    void deleteAll(Table table) {
      for (DataFile f : data) {
        table.io().deleteFile(f.location());
      }
      for (DeleteFile f : deletes) {
        table.io().deleteFile(f.location());
      }
    }
  }

  private Written write(long batchId, SinkBatch batch) throws Exception {
    List<List<ColumnBatch>> parts = new ArrayList<>();
    for (List<ColumnBatch> p : batch.partitions()) {
      if (p.stream().anyMatch(b -> b.numRows() > 0)) {
        parts.add(p);
      }
    }
    RowConverter converter = new RowConverter(schema, table.schema().asStruct());
    List<Written> results = new ArrayList<>();
    if (parts.size() == 1 || threads == 1) {
      for (int i = 0; i < parts.size(); i++) {
        results.add(writePartition(i, batchId, parts.get(i), converter));
      }
    } else {
      List<Future<Written>> futures = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        int p = i;
        futures.add(pool().submit(() -> writePartition(p, batchId, parts.get(p), converter)));
      }
      Exception failure = null;
      for (Future<Written> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          failure = e.getCause() instanceof Exception ex ? ex : e;
        }
      }
      if (failure != null) {
        results.forEach(w -> w.deleteAll(table));
        throw failure;
      }
    }
    List<DataFile> data = new ArrayList<>();
    List<DeleteFile> deletes = new ArrayList<>();
    for (Written w : results) {
      data.addAll(w.data());
      deletes.addAll(w.deletes());
    }
    return new Written(data, deletes);
  }

  private Written writePartition(int partition, long batchId, List<ColumnBatch> batches, RowConverter converter)
      throws Exception {
    Schema s = table.schema();
    GenericRecord record = GenericRecord.create(s);
    Schema keySchema = keyColumns == null ? null : s.select(keyColumns);
    GenericRecord keyRecord = keySchema == null ? null : GenericRecord.create(keySchema);
    int[] keyPositions = keySchema == null ? null : keySchema.columns().stream()
        .mapToInt(f -> s.columns().indexOf(s.findField(f.fieldId()))).toArray();
    FileWriters writers = new FileWriters(table, partition, batchId, targetFileSize, keyColumns);
    boolean ok = false;
    try {
      for (ColumnBatch b : batches) {
        for (int row = 0; row < b.numRows(); row++) {
          converter.fill(b, row, record);
          if (keyRecord != null) {
            for (int k = 0; k < keyPositions.length; k++) {
              keyRecord.set(k, record.get(keyPositions[k]));
            }
            writers.delete(record, keyRecord);
          }
          writers.write(record);
        }
      }
      writers.close();
      ok = true;
    } finally {
      if (!ok) {
        writers.close();
        new Written(writers.dataFiles(), writers.deleteFiles()).deleteAll(table);
      }
    }
    return new Written(writers.dataFiles(), writers.deleteFiles());
  }

  private synchronized ExecutorService pool() {
    if (pool == null) {
      AtomicInteger n = new AtomicInteger();
      pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "sluice-iceberg-writer-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
    return pool;
  }

  /** @return true if committed, false if the commit found the batch already committed */
  private boolean commit(long batchId, Written written) {
    Transaction txn = table.newTransaction();
    SnapshotUpdate<?> op;
    switch (mode) {
      case APPEND -> {
        AppendFiles append = mark(txn.newFastAppend(), batchId);
        written.data().forEach(append::appendFile);
        op = append;
      }
      case COMPLETE -> {
        OverwriteFiles overwrite = mark(txn.newOverwrite(), batchId).overwriteByRowFilter(Expressions.alwaysTrue());
        written.data().forEach(overwrite::addFile);
        op = overwrite;
      }
      default -> {
        RowDelta delta = mark(txn.newRowDelta(), batchId);
        written.data().forEach(delta::addRows);
        written.deletes().forEach(delta::addDeletes);
        op = delta;
      }
    }
    try {
      op.commit();
      txn.updateProperties().set(BatchMarkers.propertyKey(queryId), Long.toString(batchId)).commit();
      txn.commitTransaction();
      return true;
    } catch (ValidationException e) {
      if (e.getMessage() != null && e.getMessage().contains("already committed")) {
        LOG.warn("Batch {} of query {} was committed to {} concurrently: dropping this attempt's files",
            batchId, queryId, locator);
        skippedBatches++;
        return false;
      }
      throw e;
    }
  }

  /** Puts the batch marker into the snapshot's summary and the validation into its commit. */
  private <T extends SnapshotUpdate<T>> T mark(T op, long batchId) {
    return op.set(BatchMarkers.QUERY_ID, queryId.toString())
        .set(BatchMarkers.BATCH_ID, Long.toString(batchId))
        .validateWith(BatchMarkers.notYetCommitted(queryId, batchId));
  }

  @Override
  public String description() {
    return "IcebergSink[" + locator.name() + ", " + mode + "]";
  }

  @Override
  public Map<String, String> metrics() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("committedBatches", Long.toString(committedBatches));
    m.put("skippedBatches", Long.toString(skippedBatches));
    m.put("lastBatchMs", Long.toString(lastBatchMs));
    m.put("lastWriteMs", Long.toString(lastWriteMs));
    m.put("lastCommitMs", Long.toString(lastCommitMs));
    return m;
  }

  /** @return the table this sink writes (for tests and maintenance) */
  public Table table() {
    return table;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
