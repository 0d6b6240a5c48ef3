package io.sluice.engine.internal.agg;

import io.sluice.api.plan.Expr;
import io.sluice.api.types.StructType;
import java.util.List;

/** STUB: replaced by the agg branch. */
public final class AggregateFunctions {
  public AggregateFunctions(List<Expr> aggregateExprs, StructType inputSchema) {
    throw new UnsupportedOperationException("stub");
  }

  public int size() {
    return 0;
  }

  public StructType resultSchema() {
    return null;
  }

  public StructType bufferSchema() {
    return null;
  }

  public Object[] finish(List<Object> buffer) {
    return null;
  }

  public List<Object> merge(List<Object> a, List<Object> b) {
    return null;
  }
}
