package io.sluice.engine.internal.expr;

import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.data.NullVector;
import io.sluice.api.plan.Expr.BinaryOperator;
import io.sluice.api.types.DataTypes;
import java.util.Arrays;
import java.util.List;

/**
 * {@code = <=> != < <= > >=} over two operands already cast to one type. Each kernel computes the
 * sign of the comparison and maps it through a 3-bit mask (bit 0: less, bit 1: equal, bit 2:
 * greater), so one loop per physical type serves every operator. Strings and binaries compare
 * their bytes in place, unsigned (UTF-8 byte order is code point order).
 */
final class ComparisonExpr extends BaseExpr {
  static final int LT = 0b001;
  static final int EQ = 0b010;
  static final int GT = 0b100;

  private final BoundExpr left;
  private final BoundExpr right;
  private final int mask;
  private final boolean nullSafe;

  ComparisonExpr(BinaryOperator op, BoundExpr left, BoundExpr right, String name, String sql) {
    super(DataTypes.BOOLEAN, op != BinaryOperator.EQUAL_NULL_SAFE
        && (left.nullable() || right.nullable()), name, sql, List.of(left, right));
    this.left = left;
    this.right = right;
    this.mask = mask(op);
    this.nullSafe = op == BinaryOperator.EQUAL_NULL_SAFE;
  }

  static int mask(BinaryOperator op) {
    switch (op) {
      case EQUAL:
      case EQUAL_NULL_SAFE:
        return EQ;
      case NOT_EQUAL:
        return LT | GT;
      case LESS_THAN:
        return LT;
      case LESS_THAN_OR_EQUAL:
        return LT | EQ;
      case GREATER_THAN:
        return GT;
      case GREATER_THAN_OR_EQUAL:
        return GT | EQ;
      default:
        throw new IllegalArgumentException("not a comparison: " + op);
    }
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    return compare(left.eval(input, ctx), right.eval(input, ctx), mask, nullSafe,
        input.numRows());
  }

  /**
   * Compares two vectors of the same type row by row.
   *
   * @param l the left values
   * @param r the right values
   * @param mask which signs give true
   * @param nullSafe {@code <=>}: two nulls are equal, one null is unequal, never null
   * @param n the number of rows
   * @return the boolean results
   */
  static BooleanVector compare(ColumnVector l, ColumnVector r, int mask, boolean nullSafe, int n) {
    BooleanVector out = new BooleanVector(n);
    if (l instanceof IntVector li) {
      int[] a = li.values();
      int[] b = ((IntVector) r).values();
      for (int i = 0; i < n; i++) {
        out.append(((mask >>> (Integer.compare(a[i], b[i]) + 1)) & 1) != 0);
      }
    } else if (l instanceof LongVector ll) {
      long[] a = ll.values();
      long[] b = ((LongVector) r).values();
      for (int i = 0; i < n; i++) {
        out.append(((mask >>> (Long.compare(a[i], b[i]) + 1)) & 1) != 0);
      }
    } else if (l instanceof DoubleVector ld) {
      double[] a = ld.values();
      double[] b = ((DoubleVector) r).values();
      for (int i = 0; i < n; i++) {
        // 0.0 == -0.0 as in SQL; NaN equals NaN and is above every number, as in Spark
        int c = a[i] == b[i] ? 0 : Double.compare(a[i], b[i]);
        out.append(((mask >>> (Integer.signum(c) + 1)) & 1) != 0);
      }
    } else if (l instanceof BooleanVector lb) {
      boolean[] a = lb.values();
      boolean[] b = ((BooleanVector) r).values();
      for (int i = 0; i < n; i++) {
        out.append(((mask >>> (Boolean.compare(a[i], b[i]) + 1)) & 1) != 0);
      }
    } else if (l instanceof BytesVector lbv) {
      BytesVector rbv = (BytesVector) r;
      byte[] a = lbv.data();
      byte[] b = rbv.data();
      for (int i = 0; i < n; i++) {
        int c = Arrays.compareUnsigned(a, lbv.offset(i), lbv.offset(i + 1),
            b, rbv.offset(i), rbv.offset(i + 1));
        out.append(((mask >>> (Integer.signum(c) + 1)) & 1) != 0);
      }
    } else if (l instanceof NullVector) {
      for (int i = 0; i < n; i++) {
        out.append(nullSafe);
      }
      if (!nullSafe) {
        for (int i = 0; i < n; i++) {
          out.setNull(i);
        }
      }
      return out;
    } else {
      throw new IllegalStateException("cannot compare " + l.type());
    }
    if (nullSafe) {
      if (l.mayHaveNulls() || r.mayHaveNulls()) {
        boolean[] v = out.values();
        for (int i = 0; i < n; i++) {
          boolean ln = l.isNull(i);
          boolean rn = r.isNull(i);
          if (ln || rn) {
            v[i] = ln && rn;
          }
        }
      }
    } else {
      Vectors.propagateNulls(out, l, r, n);
    }
    return out;
  }
}
