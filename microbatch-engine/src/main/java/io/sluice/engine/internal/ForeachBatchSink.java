package io.sluice.engine.internal;

import io.sluice.api.ForeachBatchFunction;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkBatch;
import io.sluice.api.plan.LogicalPlan;

/** Hands each batch to a user function as a bounded DataFrame. */
final class ForeachBatchSink implements Sink {
  private final SessionImpl session;
  private final ForeachBatchFunction function;

  ForeachBatchSink(SessionImpl session, ForeachBatchFunction function) {
    this.session = session;
    this.function = function;
  }

  @Override
  public void addBatch(long batchId, SinkBatch batch) throws Exception {
    DataFrameImpl df = new DataFrameImpl(session,
        new LogicalPlan.LocalRelation(batch.schema(), batch.allBatches()));
    function.call(df, batchId);
  }

  @Override
  public String description() {
    return "ForeachBatchSink";
  }
}
