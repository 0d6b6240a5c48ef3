package io.sluice.engine.internal.agg;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.expr.EvalContext;
import java.util.List;

/** STUB: replaced by the agg branch. */
public final class GroupedAggregator {
  public GroupedAggregator(AggregateFunctions functions, StructType keySchema) {}

  public void addInput(ColumnVector[] keys, ColumnBatch input, boolean[] skip, EvalContext ctx) {}

  public void addPartial(ColumnBatch partial) {}

  public int numGroups() {
    return 0;
  }

  public ColumnBatch toPartial() {
    return null;
  }

  public List<Object> keyValues(int group) {
    return null;
  }

  public List<Object> bufferValues(int group) {
    return null;
  }

  public void clear() {}
}
