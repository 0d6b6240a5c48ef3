package io.sluice.lakehouse.internal;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.RollingDataWriter;
import org.apache.iceberg.io.RollingEqualityDeleteWriter;

/**
 * Writes the records of one task into data files (and, for upserts, equality delete files) of a
 * table: rolling to a new file at the target size, one open file per partition. Used by one thread.
 * Records may be reused by the caller after {@link #write} returns.
 */
final class FileWriters implements Closeable {
  private final Table table;
  private final PartitionSpec spec;
  private final GenericFileWriterFactory factory;
  private final OutputFileFactory files;
  private final long targetSize;
  private final PartitionKey key;
  private final InternalRecordWrapper wrapper;
  private final RollingDataWriter<Record> unpartitioned;
  private final FanoutDataWriter<Record> partitioned;
  private final Map<PartitionKey, RollingEqualityDeleteWriter<Record>> deleteWriters = new HashMap<>();
  private final PartitionKey deleteKey;
  private boolean closed;

  /**
   * Opens writers.
   *
   * @param table the table (its current schema and spec)
   * @param partitionId the Sluice partition (part of the file names)
   * @param taskId the task id (part of the file names; the batch id)
   * @param targetSize the target file size in bytes
   * @param equalityKeys the key column names of an upsert, or null to write data only
   */
  FileWriters(Table table, int partitionId, long taskId, long targetSize, List<String> equalityKeys) {
    this.table = table;
    this.spec = table.spec();
    this.targetSize = targetSize;
    Schema schema = table.schema();
    FileFormat format = fileFormat(table);
    GenericFileWriterFactory.Builder b = new GenericFileWriterFactory.Builder(table)
        .dataFileFormat(format)
        .dataSchema(schema);
    if (equalityKeys != null) {
      Schema deleteSchema = schema.select(equalityKeys);
      int[] ids = deleteSchema.columns().stream().mapToInt(f -> f.fieldId()).toArray();
      b.deleteFileFormat(format).equalityFieldIds(ids).equalityDeleteRowSchema(deleteSchema);
    }
    this.factory = b.build();
    this.files = OutputFileFactory.builderFor(table, partitionId, taskId).format(format).build();
    if (spec.isUnpartitioned()) {
      unpartitioned = new RollingDataWriter<>(factory, files, table.io(), targetSize, spec, null);
      partitioned = null;
      key = null;
      wrapper = null;
      deleteKey = null;
    } else {
      unpartitioned = null;
      partitioned = new FanoutDataWriter<>(factory, files, table.io(), targetSize);
      key = new PartitionKey(spec, schema);
      deleteKey = new PartitionKey(spec, schema);
      wrapper = new InternalRecordWrapper(schema.asStruct());
    }
  }

  /**
   * The data file format of a table.
   *
   * @param table the table
   * @return its {@code write.format.default}
   */
  static FileFormat fileFormat(Table table) {
    return FileFormat.fromString(table.properties().getOrDefault(
        TableProperties.DEFAULT_FILE_FORMAT, TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
  }

  /**
   * Writes a data row.
   *
   * @param record a record of the table schema
   */
  void write(Record record) {
    if (partitioned == null) {
      unpartitioned.write(record);
    } else {
      key.partition(wrapper.wrap(record));
      partitioned.write(record, spec, key);
    }
  }

  /**
   * Writes an equality delete for the key of a row.
   *
   * @param fullRow the row (of the table schema), to find its partition
   * @param keyRecord the key columns (of the delete schema)
   */
  void delete(Record fullRow, Record keyRecord) {
    StructLike partition = null;
    PartitionKey mapKey = null;
    if (deleteKey != null) {
      deleteKey.partition(wrapper.wrap(fullRow));
      mapKey = deleteKey;
      partition = deleteKey;
    }
    RollingEqualityDeleteWriter<Record> w = deleteWriters.get(mapKey);
    if (w == null) {
      PartitionKey copy = mapKey == null ? null : mapKey.copy();
      w = new RollingEqualityDeleteWriter<>(factory, files, table.io(), targetSize, spec, copy);
      deleteWriters.put(copy, w);
    }
    w.write(keyRecord);
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (partitioned != null) {
      partitioned.close();
    } else {
      unpartitioned.close();
    }
    for (RollingEqualityDeleteWriter<Record> w : deleteWriters.values()) {
      w.close();
    }
  }

  /** @return the data files written (after {@link #close()}) */
  List<DataFile> dataFiles() {
    return partitioned != null ? partitioned.result().dataFiles() : unpartitioned.result().dataFiles();
  }

  /** @return the delete files written (after {@link #close()}) */
  List<DeleteFile> deleteFiles() {
    List<DeleteFile> out = new ArrayList<>();
    for (RollingEqualityDeleteWriter<Record> w : deleteWriters.values()) {
      out.addAll(w.result().deleteFiles());
    }
    return out;
  }
}
