package io.sluice.api.data;

import io.sluice.api.Row;
import io.sluice.api.types.StructType;
import java.util.ArrayList;
import java.util.List;

/**
 * A slice of a table: a schema, one {@link ColumnVector} per field, all of the same length.
 * Operators pass batches of a few thousand rows. Immutable by convention once handed on.
 */
public final class ColumnBatch {
  /** The default number of rows a producer puts in one batch. */
  public static final int DEFAULT_ROWS = 4096;

  private final StructType schema;
  private final ColumnVector[] columns;
  private final int numRows;

  /**
   * Creates a batch.
   *
   * @param schema the schema
   * @param columns one vector per field, each with {@code numRows} values
   * @param numRows the number of rows
   * @throws IllegalArgumentException if the vectors don't match the schema or the row count
   */
  public ColumnBatch(StructType schema, ColumnVector[] columns, int numRows) {
    if (columns.length != schema.size()) {
      throw new IllegalArgumentException(
          "batch has " + columns.length + " columns but schema " + schema + " has " + schema.size());
    }
    for (int i = 0; i < columns.length; i++) {
      if (columns[i].size() != numRows) {
        throw new IllegalArgumentException("column " + schema.field(i).name() + " has "
            + columns[i].size() + " values, expected " + numRows);
      }
    }
    this.schema = schema;
    this.columns = columns.clone();
    this.numRows = numRows;
  }

  /**
   * Allocates empty vectors for a schema, to be filled and passed to the constructor.
   *
   * @param schema the schema
   * @param capacity the expected rows
   * @return one empty vector per field
   */
  public static ColumnVector[] allocate(StructType schema, int capacity) {
    ColumnVector[] out = new ColumnVector[schema.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ColumnVector.allocate(schema.field(i).type(), capacity);
    }
    return out;
  }

  /**
   * Builds a batch from rows (slow path: tests, small inputs).
   *
   * @param schema the schema
   * @param rows the rows, each with one value per field in the Java representation of its type
   * @return the batch
   */
  public static ColumnBatch fromRows(StructType schema, List<Row> rows) {
    ColumnVector[] cols = allocate(schema, rows.size());
    for (Row r : rows) {
      if (r.size() != schema.size()) {
        throw new IllegalArgumentException("row " + r + " has " + r.size() + " values, schema "
            + schema + " has " + schema.size());
      }
      for (int i = 0; i < cols.length; i++) {
        cols[i].appendObject(r.get(i));
      }
    }
    return new ColumnBatch(schema, cols, rows.size());
  }

  /**
   * An empty batch.
   *
   * @param schema the schema
   * @return a batch of zero rows
   */
  public static ColumnBatch empty(StructType schema) {
    return new ColumnBatch(schema, allocate(schema, 0), 0);
  }

  /** @return the schema */
  public StructType schema() {
    return schema;
  }

  /** @return the number of rows */
  public int numRows() {
    return numRows;
  }

  /** @return the number of columns */
  public int numColumns() {
    return columns.length;
  }

  /**
   * Column {@code i}.
   *
   * @param i the index
   * @return the vector
   */
  public ColumnVector column(int i) {
    return columns[i];
  }

  /**
   * Row {@code i} as an object (slow path).
   *
   * @param i the row index
   * @return the row
   */
  public Row row(int i) {
    Object[] values = new Object[columns.length];
    for (int c = 0; c < columns.length; c++) {
      values[c] = columns[c].getObject(i);
    }
    return Row.withSchema(schema, values);
  }

  /** @return all rows as objects (slow path) */
  public List<Row> rows() {
    List<Row> out = new ArrayList<>(numRows);
    for (int i = 0; i < numRows; i++) {
      out.add(row(i));
    }
    return out;
  }

  /**
   * A new batch with the rows at {@code positions[0..count)}.
   *
   * @param positions the rows to keep
   * @param count how many positions to use
   * @return the new batch
   */
  public ColumnBatch select(int[] positions, int count) {
    ColumnVector[] out = new ColumnVector[columns.length];
    for (int c = 0; c < columns.length; c++) {
      out[c] = columns[c].select(positions, count);
    }
    return new ColumnBatch(schema, out, count);
  }

  @Override
  public String toString() {
    return "ColumnBatch[" + numRows + " rows, " + schema + "]";
  }
}
