package io.sluice.lakehouse.internal;

import io.sluice.api.connector.InputPartition;
import io.sluice.api.connector.PartitionReader;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.StructType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.CloseableIterator;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.util.PartitionUtil;

/**
 * Reads Iceberg file scan tasks into Sluice column batches: the data file through Iceberg's
 * generic reader for its format, with the task's delete files applied (equality and position
 * deletes), decoded into vectors of the output schema.
 */
final class TableReader {
  private TableReader() {}

  /**
   * The live rows of a task.
   *
   * @param records the rows (containers reused: copy what you keep)
   * @param schema their schema (the table's, plus metadata columns deletes need)
   */
  record Records(CloseableIterable<Record> records, Schema schema) {}

  /**
   * Opens the rows of a task with its deletes applied.
   *
   * @param table the table
   * @param task the task
   * @return the rows and their schema
   */
  static Records records(Table table, FileScanTask task) {
    Schema tableSchema = table.schema();
    FileIO io = table.io();
    GenericDeleteFilter deletes = new GenericDeleteFilter(io, task, tableSchema, tableSchema);
    Schema required = deletes.requiredSchema();
    Map<Integer, ?> constants = PartitionUtil.constantsMap(task, IdentityPartitionConverters::convertConstant);
    CloseableIterable<Record> records = FormatModelRegistry.<Record, Object>readBuilder(
            task.file().format(), Record.class, io.newInputFile(task.file()))
        .project(required)
        .idToConstant(constants)
        .split(task.start(), task.length())
        .reuseContainers()
        .build();
    return new Records(deletes.filter(records), required);
  }

  /**
   * One file scan task, read by one Sluice task.
   *
   * @param task the Iceberg task
   * @param table the table, for its schema and file IO
   * @param description for logs and plans
   */
  record FilePartition(FileScanTask task, Table table, String description) implements InputPartition {
    @Override
    public String describe() {
      return description;
    }
  }

  /**
   * Opens a reader of one task.
   *
   * @param partition the task
   * @param output the schema of the produced batches (columns matched by name)
   * @return the reader
   */
  static PartitionReader open(FilePartition partition, StructType output) {
    Records rs = records(partition.table(), partition.task());
    CloseableIterable<Record> filtered = rs.records();
    Schema required = rs.schema();
    RecordDecoder decoder = new RecordDecoder(output, required.asStruct());
    CloseableIterator<Record> it = filtered.iterator();
    return new PartitionReader() {
      @Override
      public ColumnBatch next() {
        if (!it.hasNext()) {
          return null;
        }
        ColumnVector[] cols = ColumnBatch.allocate(output, ColumnBatch.DEFAULT_ROWS);
        int n = 0;
        while (n < ColumnBatch.DEFAULT_ROWS && it.hasNext()) {
          decoder.append(it.next(), cols);
          n++;
        }
        return decoder.toBatch(cols, n);
      }

      @Override
      public void close() {
        try {
          it.close();
          filtered.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
