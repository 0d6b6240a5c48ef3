package io.sluice.engine.internal.expr;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.types.DataType;
import java.util.List;

/**
 * A column of the input, or a field nested in struct columns. A top-level column evaluates to the
 * input vector itself (no copy); a nested field is the struct's child vector, copied only when an
 * enclosing struct has nulls (the field must then be null too).
 */
final class ColumnRefExpr extends BaseExpr {
  private final int[] path; // field index at each level

  ColumnRefExpr(int[] path, DataType type, boolean nullable, String name, String sql) {
    super(type, nullable, name, sql, List.of());
    this.path = path.clone();
  }

  @Override
  boolean foldable() {
    return false;
  }

  /** @return the top-level column index */
  int topIndex() {
    return path[0];
  }

  /** @return true for a top-level column */
  boolean isTopLevel() {
    return path.length == 1;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    ColumnVector v = input.column(path[0]);
    for (int level = 1; level < path.length; level++) {
      v = field((StructVector) v, path[level], input.numRows());
    }
    return v;
  }

  /**
   * Field {@code index} of a struct vector, null wherever the struct is null.
   *
   * @param struct the struct vector
   * @param index the field index
   * @param n the number of rows
   * @return the child vector itself when the struct has no nulls, else a masked copy
   */
  static ColumnVector field(StructVector struct, int index, int n) {
    ColumnVector child = struct.child(index);
    if (!struct.mayHaveNulls()) {
      return child;
    }
    boolean needsCopy = false;
    for (int i = 0; i < n; i++) {
      if (struct.isNull(i) && !child.isNull(i)) {
        needsCopy = true;
        break;
      }
    }
    if (!needsCopy) {
      return child;
    }
    ColumnVector out = ColumnVector.allocate(child.type(), n);
    for (int i = 0; i < n; i++) {
      if (struct.isNull(i)) {
        out.appendNull();
      } else {
        out.appendFrom(child, i);
      }
    }
    return out;
  }
}
