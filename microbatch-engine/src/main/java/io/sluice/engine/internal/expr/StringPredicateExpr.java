package io.sluice.engine.internal.expr;

import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataTypes;
import java.util.Arrays;
import java.util.List;

/** {@code contains(str, sub)} and {@code startswith(str, prefix)}, comparing bytes in place. */
final class StringPredicateExpr extends BaseExpr {
  private final boolean startsWith;
  private final BoundExpr str;
  private final BoundExpr other;

  StringPredicateExpr(boolean startsWith, BoundExpr str, BoundExpr other, String name,
      String sql) {
    super(DataTypes.BOOLEAN, str.nullable() || other.nullable(), name, sql, List.of(str, other));
    this.startsWith = startsWith;
    this.str = str;
    this.other = other;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    int n = input.numRows();
    BytesVector s = (BytesVector) str.eval(input, ctx);
    BytesVector o = (BytesVector) other.eval(input, ctx);
    byte[] sd = s.data();
    byte[] od = o.data();
    BooleanVector out = new BooleanVector(n);
    for (int i = 0; i < n; i++) {
      int ss = s.offset(i);
      int se = s.offset(i + 1);
      int os = o.offset(i);
      int oe = o.offset(i + 1);
      if (startsWith) {
        out.append(oe - os <= se - ss && Arrays.equals(sd, ss, ss + oe - os, od, os, oe));
      } else {
        out.append(Utf8.indexOf(sd, ss, se, od, os, oe) >= 0);
      }
    }
    Vectors.propagateNulls(out, s, o, n);
    return out;
  }
}
