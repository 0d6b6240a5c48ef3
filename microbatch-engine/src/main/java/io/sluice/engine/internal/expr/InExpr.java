package io.sluice.engine.internal.expr;

import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataTypes;
import java.util.List;

/**
 * {@code v IN (x, y, ...)} with SQL semantics: true if v equals an item, else null if v or any item
 * is null, else false. Evaluated as a three-valued OR of vectorized equalities.
 */
final class InExpr extends BaseExpr {
  private final BoundExpr value;
  private final List<BoundExpr> items;

  InExpr(BoundExpr value, List<BoundExpr> items, String name, String sql) {
    super(DataTypes.BOOLEAN, true, name, sql, concat(value, items));
    this.value = value;
    this.items = List.copyOf(items);
  }

  private static List<BoundExpr> concat(BoundExpr v, List<BoundExpr> items) {
    java.util.ArrayList<BoundExpr> out = new java.util.ArrayList<>();
    out.add(v);
    out.addAll(items);
    return out;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    int n = input.numRows();
    ColumnVector v = value.eval(input, ctx);
    BooleanVector acc = null;
    for (BoundExpr item : items) {
      BooleanVector eq = ComparisonExpr.compare(v, item.eval(input, ctx), ComparisonExpr.EQ,
          false, n);
      acc = acc == null ? eq : LogicExpr.combine(false, acc, eq, n);
    }
    return acc;
  }
}
