package io.sluice.engine.internal.expr;

import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import java.util.List;

/** NOT, IS NULL, IS NOT NULL, arithmetic negation and {@code abs}. */
final class UnaryExpr extends BaseExpr {
  /** The operation. */
  enum Kind { NOT, IS_NULL, IS_NOT_NULL, NEGATE, ABS }

  private final Kind kind;
  private final BoundExpr child;

  UnaryExpr(Kind kind, BoundExpr child, DataType type, String name, String sql) {
    super(type, kind != Kind.IS_NULL && kind != Kind.IS_NOT_NULL && child.nullable(), name, sql,
        List.of(child));
    this.kind = kind;
    this.child = child;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    ColumnVector c = child.eval(input, ctx);
    int n = input.numRows();
    switch (kind) {
      case IS_NULL:
      case IS_NOT_NULL: {
        BooleanVector out = new BooleanVector(n);
        boolean isNull = kind == Kind.IS_NULL;
        for (int i = 0; i < n; i++) {
          out.append(c.isNull(i) == isNull);
        }
        return out;
      }
      case NOT: {
        boolean[] a = ((BooleanVector) c).values();
        BooleanVector out = new BooleanVector(n);
        for (int i = 0; i < n; i++) {
          out.append(!a[i]);
        }
        Vectors.propagateNulls(out, c, n);
        return out;
      }
      default:
        return numeric(c, n, kind == Kind.ABS);
    }
  }

  private ColumnVector numeric(ColumnVector c, int n, boolean abs) {
    ColumnVector out;
    if (c instanceof IntVector iv) {
      int[] a = iv.values();
      IntVector o = new IntVector(DataTypes.INT, n);
      for (int i = 0; i < n; i++) {
        o.append(abs ? Math.abs(a[i]) : -a[i]);
      }
      out = o;
    } else if (c instanceof LongVector lv) {
      long[] a = lv.values();
      LongVector o = new LongVector(DataTypes.LONG, n);
      for (int i = 0; i < n; i++) {
        o.append(abs ? Math.abs(a[i]) : -a[i]);
      }
      out = o;
    } else {
      double[] a = ((DoubleVector) c).values();
      DoubleVector o = new DoubleVector(n);
      for (int i = 0; i < n; i++) {
        o.append(abs ? Math.abs(a[i]) : -a[i]);
      }
      out = o;
    }
    Vectors.propagateNulls(out, c, n);
    return out;
  }
}
