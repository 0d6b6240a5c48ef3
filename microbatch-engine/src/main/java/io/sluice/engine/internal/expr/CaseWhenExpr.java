package io.sluice.engine.internal.expr;

import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CASE WHEN c1 THEN v1 ... ELSE e END}: per row, the value of the first branch whose
 * condition is true (not null), else the ELSE value or null. All branches are evaluated for the
 * whole batch (vectorized), then each row picks its value.
 */
final class CaseWhenExpr extends BaseExpr {
  private final List<BoundExpr> conditions;
  private final List<BoundExpr> values;
  private final BoundExpr otherwise;

  CaseWhenExpr(List<BoundExpr> conditions, List<BoundExpr> values, BoundExpr otherwise,
      DataType type, String name, String sql) {
    super(type, true, name, sql, children(conditions, values, otherwise));
    this.conditions = List.copyOf(conditions);
    this.values = List.copyOf(values);
    this.otherwise = otherwise;
  }

  private static List<BoundExpr> children(List<BoundExpr> c, List<BoundExpr> v, BoundExpr o) {
    List<BoundExpr> out = new ArrayList<>(c);
    out.addAll(v);
    if (o != null) {
      out.add(o);
    }
    return out;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    int n = input.numRows();
    int k = conditions.size();
    BooleanVector[] conds = new BooleanVector[k];
    ColumnVector[] vals = new ColumnVector[k];
    for (int b = 0; b < k; b++) {
      conds[b] = (BooleanVector) conditions.get(b).eval(input, ctx);
      vals[b] = values.get(b).eval(input, ctx);
    }
    ColumnVector other = otherwise == null ? null : otherwise.eval(input, ctx);
    ColumnVector out = ColumnVector.allocate(type(), n);
    for (int i = 0; i < n; i++) {
      ColumnVector chosen = other;
      for (int b = 0; b < k; b++) {
        if (conds[b].get(i) && !conds[b].isNull(i)) {
          chosen = vals[b];
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
