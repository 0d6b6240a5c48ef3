package io.sluice.engine.internal.join;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataType;
import io.sluice.api.types.StructType;
import java.util.List;

/**
 * Builds joined batches: each output column is gathered from one side's batch at that side's row
 * positions (a position of -1 is a null, for the unmatched rows of outer joins), or, for a
 * {@code USING} column of a full outer join, from whichever side is present.
 */
public final class JoinOutput {
  /** Where an output column comes from. */
  public enum Source {
    /** A column of the left batch. */ LEFT,
    /** A column of the right batch. */ RIGHT,
    /** The left column if the left row is present, else the right one (index in both batches). */ COALESCE
  }

  /**
   * One output column.
   *
   * @param source the side
   * @param left the column index in the left batch (LEFT, COALESCE)
   * @param right the column index in the right batch (RIGHT, COALESCE)
   */
  public record Column(Source source, int left, int right) {}

  private final StructType schema;
  private final List<Column> columns;

  /**
   * Creates the layout.
   *
   * @param schema the output schema
   * @param columns one per field of {@code schema}
   */
  public JoinOutput(StructType schema, List<Column> columns) {
    this.schema = schema;
    this.columns = List.copyOf(columns);
  }

  /** @return the output columns' sources */
  public List<Column> columns() {
    return columns;
  }

  /** @return the output schema */
  public StructType schema() {
    return schema;
  }

  /**
   * Gathers joined rows.
   *
   * @param left the left batch (may be null if every left position is -1)
   * @param leftPos left row per output row, or -1 for null
   * @param right the right batch (may be null if every right position is -1)
   * @param rightPos right row per output row, or -1 for null
   * @param count the number of output rows
   * @return the batch
   */
  public ColumnBatch build(ColumnBatch left, int[] leftPos, ColumnBatch right, int[] rightPos, int count) {
    ColumnVector[] out = new ColumnVector[columns.size()];
    for (int c = 0; c < out.length; c++) {
      Column col = columns.get(c);
      DataType t = schema.field(c).type();
      switch (col.source()) {
        case LEFT -> out[c] = gather(left, col.left(), leftPos, count, t);
        case RIGHT -> out[c] = gather(right, col.right(), rightPos, count, t);
        default -> {
          ColumnVector v = ColumnVector.allocate(t, count);
          for (int k = 0; k < count; k++) {
            if (leftPos[k] >= 0 && !left.column(col.left()).isNull(leftPos[k])) {
              v.appendFrom(left.column(col.left()), leftPos[k]);
            } else if (rightPos[k] >= 0) {
              v.appendFrom(right.column(col.right()), rightPos[k]);
            } else {
              v.appendNull();
            }
          }
          out[c] = v;
        }
      }
    }
    return new ColumnBatch(schema, out, count);
  }

  /**
   * Gathers one column at positions, -1 meaning null.
   *
   * @param batch the source batch, or null if every position is -1
   * @param column the column index
   * @param pos the positions
   * @param count how many
   * @param type the column type
   * @return the vector
   */
  static ColumnVector gather(ColumnBatch batch, int column, int[] pos, int count, DataType type) {
    boolean anyNull = batch == null;
    for (int k = 0; k < count && !anyNull; k++) {
      anyNull = pos[k] < 0;
    }
    if (!anyNull) {
      return batch.column(column).select(pos, count);
    }
    ColumnVector v = ColumnVector.allocate(type, count);
    for (int k = 0; k < count; k++) {
      if (pos[k] < 0) {
        v.appendNull();
      } else {
        v.appendFrom(batch.column(column), pos[k]);
      }
    }
    return v;
  }

  /**
   * Gathers the pairs' rows as one batch of the combined schema (left fields, then right fields),
   * to evaluate a condition over them.
   *
   * @param combined the combined schema
   * @param left the left batch; its first {@code leftCols} columns are gathered
   * @param leftCols how many left columns
   * @param leftPos left rows, -1 for null
   * @param right the right batch
   * @param rightCols how many right columns
   * @param rightPos right rows, -1 for null
   * @param count the number of pairs
   * @return the batch
   */
  public static ColumnBatch combined(StructType combined, ColumnBatch left, int leftCols, int[] leftPos,
      ColumnBatch right, int rightCols, int[] rightPos, int count) {
    ColumnVector[] out = new ColumnVector[leftCols + rightCols];
    for (int c = 0; c < leftCols; c++) {
      out[c] = gather(left, c, leftPos, count, combined.field(c).type());
    }
    for (int c = 0; c < rightCols; c++) {
      out[leftCols + c] = gather(right, c, rightPos, count, combined.field(leftCols + c).type());
    }
    return new ColumnBatch(combined, out, count);
  }

  /**
   * Keeps the pairs for which a condition holds (true, not null), compacting the position
   * arrays in place.
   *
   * @param result the condition's values, one per pair
   * @param leftPos left rows of the pairs
   * @param rightPos right rows of the pairs
   * @param count the number of pairs
   * @return how many pairs remain
   */
  public static int keepTrue(ColumnVector result, int[] leftPos, int[] rightPos, int count) {
    io.sluice.api.data.BooleanVector v = (io.sluice.api.data.BooleanVector) result;
    int n = 0;
    for (int k = 0; k < count; k++) {
      if (!v.isNull(k) && v.get(k)) {
        leftPos[n] = leftPos[k];
        rightPos[n] = rightPos[k];
        n++;
      }
    }
    return n;
  }
}
