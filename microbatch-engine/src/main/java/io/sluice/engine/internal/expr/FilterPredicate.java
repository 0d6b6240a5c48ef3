package io.sluice.engine.internal.expr;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.plan.Expr;
import io.sluice.api.types.StructType;

/** STUB: replaced by the expr branch. */
public final class FilterPredicate {
  public FilterPredicate(Expr condition, StructType input) {}

  public ColumnBatch apply(ColumnBatch in, EvalContext ctx) {
    return in;
  }
}
