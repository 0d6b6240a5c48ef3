package io.sluice.engine.internal.expr;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.plan.Expr.BinaryOperator;
import io.sluice.api.types.AtomicType;
import java.util.List;

/**
 * {@code + - * / %} over two operands already cast to the same numeric type (int, bigint or
 * double; double for {@code /}). Integer overflow wraps (Spark's non-ANSI mode); {@code /} and
 * {@code %} give null for a zero divisor. One primitive loop per operator and type.
 */
final class ArithmeticExpr extends BaseExpr {
  private final BinaryOperator op;
  private final BoundExpr left;
  private final BoundExpr right;

  ArithmeticExpr(BinaryOperator op, BoundExpr left, BoundExpr right, AtomicType type, String name,
      String sql) {
    super(type, left.nullable() || right.nullable()
        || op == BinaryOperator.DIVIDE || op == BinaryOperator.REMAINDER,
        name, sql, List.of(left, right));
    this.op = op;
    this.left = left;
    this.right = right;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    ColumnVector l = left.eval(input, ctx);
    ColumnVector r = right.eval(input, ctx);
    int n = input.numRows();
    ColumnVector out;
    switch ((AtomicType) type()) {
      case INT:
        out = ints((IntVector) l, (IntVector) r, n);
        break;
      case LONG:
        out = longs((LongVector) l, (LongVector) r, n);
        break;
      default:
        out = doubles((DoubleVector) l, (DoubleVector) r, n);
        break;
    }
    Vectors.propagateNulls(out, l, r, n);
    return out;
  }

  private IntVector ints(IntVector lv, IntVector rv, int n) {
    int[] a = lv.values();
    int[] b = rv.values();
    IntVector out = new IntVector(type(), n);
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) {
          out.append(a[i] + b[i]);
        }
        break;
      case SUBTRACT:
        for (int i = 0; i < n; i++) {
          out.append(a[i] - b[i]);
        }
        break;
      case MULTIPLY:
        for (int i = 0; i < n; i++) {
          out.append(a[i] * b[i]);
        }
        break;
      default: // REMAINDER
        for (int i = 0; i < n; i++) {
          if (b[i] == 0) {
            out.appendNull();
          } else {
            out.append(a[i] % b[i]);
          }
        }
        break;
    }
    return out;
  }

  private LongVector longs(LongVector lv, LongVector rv, int n) {
    long[] a = lv.values();
    long[] b = rv.values();
    LongVector out = new LongVector(type(), n);
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) {
          out.append(a[i] + b[i]);
        }
        break;
      case SUBTRACT:
        for (int i = 0; i < n; i++) {
          out.append(a[i] - b[i]);
        }
        break;
      case MULTIPLY:
        for (int i = 0; i < n; i++) {
          out.append(a[i] * b[i]);
        }
        break;
      default: // REMAINDER
        for (int i = 0; i < n; i++) {
          if (b[i] == 0) {
            out.appendNull();
          } else {
            out.append(a[i] % b[i]);
          }
        }
        break;
    }
    return out;
  }

  private DoubleVector doubles(DoubleVector lv, DoubleVector rv, int n) {
    double[] a = lv.values();
    double[] b = rv.values();
    DoubleVector out = new DoubleVector(n);
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) {
          out.append(a[i] + b[i]);
        }
        break;
      case SUBTRACT:
        for (int i = 0; i < n; i++) {
          out.append(a[i] - b[i]);
        }
        break;
      case MULTIPLY:
        for (int i = 0; i < n; i++) {
          out.append(a[i] * b[i]);
        }
        break;
      case DIVIDE:
        for (int i = 0; i < n; i++) {
          if (b[i] == 0) {
            out.appendNull();
          } else {
            out.append(a[i] / b[i]);
          }
        }
        break;
      default: // REMAINDER
        for (int i = 0; i < n; i++) {
          if (b[i] == 0) {
            out.appendNull();
          } else {
            out.append(a[i] % b[i]);
          }
        }
        break;
    }
    return out;
  }
}
