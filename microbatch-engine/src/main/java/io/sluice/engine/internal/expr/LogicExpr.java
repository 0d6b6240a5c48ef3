package io.sluice.engine.internal.expr;

import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataTypes;
import java.util.List;

/**
 * AND / OR with SQL's three-valued logic: {@code false AND null = false}, {@code true OR null =
 * true}, otherwise null if either side is null. When the left side alone decides every row (all
 * false for AND, all true for OR) the right side is not evaluated.
 */
final class LogicExpr extends BaseExpr {
  private final boolean and;
  private final BoundExpr left;
  private final BoundExpr right;

  LogicExpr(boolean and, BoundExpr left, BoundExpr right, String name, String sql) {
    super(DataTypes.BOOLEAN, left.nullable() || right.nullable(), name, sql,
        List.of(left, right));
    this.and = and;
    this.left = left;
    this.right = right;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    int n = input.numRows();
    BooleanVector l = (BooleanVector) left.eval(input, ctx);
    if (decidesAll(l, n)) {
      return l;
    }
    BooleanVector r = (BooleanVector) right.eval(input, ctx);
    return combine(and, l, r, n);
  }

  private boolean decidesAll(BooleanVector l, int n) {
    if (l.mayHaveNulls()) {
      return false;
    }
    boolean[] a = l.values();
    boolean dominant = !and; // AND: false decides; OR: true decides
    for (int i = 0; i < n; i++) {
      if (a[i] != dominant) {
        return false;
      }
    }
    return n > 0;
  }

  /**
   * Three-valued AND or OR of two boolean vectors.
   *
   * @param and true for AND, false for OR
   * @param l the left values
   * @param r the right values
   * @param n the number of rows
   * @return the result
   */
  static BooleanVector combine(boolean and, BooleanVector l, BooleanVector r, int n) {
    boolean[] a = l.values();
    boolean[] b = r.values();
    BooleanVector out = new BooleanVector(n);
    if (!l.mayHaveNulls() && !r.mayHaveNulls()) {
      if (and) {
        for (int i = 0; i < n; i++) {
          out.append(a[i] & b[i]);
        }
      } else {
        for (int i = 0; i < n; i++) {
          out.append(a[i] | b[i]);
        }
      }
      return out;
    }
    for (int i = 0; i < n; i++) {
      boolean ln = l.isNull(i);
      boolean rn = r.isNull(i);
      // the dominant value (false for AND, true for OR) on a non-null side decides the row
      boolean ld = !ln && a[i] != and;
      boolean rd = !rn && b[i] != and;
      if (ld || rd) {
        out.append(!and);
      } else if (ln || rn) {
        out.appendNull();
      } else {
        out.append(and);
      }
    }
    return out;
  }
}
