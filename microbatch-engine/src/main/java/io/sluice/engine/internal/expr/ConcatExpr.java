package io.sluice.engine.internal.expr;

import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataType;
import java.util.List;

/** {@code concat(a, b, ...)} of strings (or binaries): null if any argument is null. */
final class ConcatExpr extends BaseExpr {
  private final List<BoundExpr> args;

  ConcatExpr(List<BoundExpr> args, DataType type, String name, String sql) {
    super(type, args.stream().anyMatch(BoundExpr::nullable), name, sql, args);
    this.args = List.copyOf(args);
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    int n = input.numRows();
    BytesVector[] vs = new BytesVector[args.size()];
    for (int a = 0; a < vs.length; a++) {
      vs[a] = (BytesVector) args.get(a).eval(input, ctx);
    }
    BytesVector out = new BytesVector(type(), n);
    rows:
    for (int i = 0; i < n; i++) {
      int len = 0;
      for (BytesVector v : vs) {
        if (v.isNull(i)) {
          out.appendNull();
          continue rows;
        }
        len += v.length(i);
      }
      byte[] o = out.reserve(len);
      int pos = out.dataEnd();
      for (BytesVector v : vs) {
        System.arraycopy(v.data(), v.offset(i), o, pos, v.length(i));
        pos += v.length(i);
      }
      out.commitAppend(len);
    }
    return out;
  }
}
