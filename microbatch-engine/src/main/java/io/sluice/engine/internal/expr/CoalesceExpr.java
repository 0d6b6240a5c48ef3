package io.sluice.engine.internal.expr;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataType;
import java.util.List;

/** {@code coalesce(a, b, ...)}: the first non-null argument per row. */
final class CoalesceExpr extends BaseExpr {
  private final List<BoundExpr> args;

  CoalesceExpr(List<BoundExpr> args, DataType type, String name, String sql) {
    super(type, args.stream().allMatch(BoundExpr::nullable), name, sql, args);
    this.args = List.copyOf(args);
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    int n = input.numRows();
    ColumnVector first = args.get(0).eval(input, ctx);
    if (!first.mayHaveNulls() || args.size() == 1) {
      return first;
    }
    ColumnVector[] vs = new ColumnVector[args.size()];
    vs[0] = first;
    for (int a = 1; a < vs.length; a++) {
      vs[a] = args.get(a).eval(input, ctx);
    }
    ColumnVector out = ColumnVector.allocate(type(), n);
    for (int i = 0; i < n; i++) {
      ColumnVector chosen = null;
      for (ColumnVector v : vs) {
        if (!v.isNull(i)) {
          chosen = v;
          break;
        }
      }
      if (chosen == null) {
        out.appendNull();
      } else {
        out.appendFrom(chosen, i);
      }
    }
    return out;
  }
}
