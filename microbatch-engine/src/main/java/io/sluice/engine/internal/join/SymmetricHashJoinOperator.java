package io.sluice.engine.internal.join;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.plan.Planner.EventTime;
import io.sluice.engine.internal.stateful.OpContext;
import io.sluice.engine.internal.stateful.OperatorMetrics;
import io.sluice.engine.internal.stateful.StatefulOperator;
import io.sluice.state.StateSchema;
import io.sluice.state.StateStore;
import java.util.List;
import java.util.Map;

/** A stream-stream join (not yet). */
public final class SymmetricHashJoinOperator extends StatefulOperator {
  /**
   * Plans the operator.
   *
   * @param operatorId its id
   * @param spec the join
   * @param leftEventTime the left input's event-time columns
   * @param rightEventTime the right input's event-time columns
   */
  public SymmetricHashJoinOperator(int operatorId, JoinSpec spec, Map<String, EventTime> leftEventTime,
      Map<String, EventTime> rightEventTime) {
    super(operatorId);
    throw new AnalysisException("Stream-stream joins are not supported yet");
  }

  @Override public String name() { return "symmetricHashJoin"; }
  @Override public String describe() { return name(); }
  @Override public StructType outputSchema() { return null; }
  @Override public StructType shuffleSchema(int side) { return null; }
  @Override public int[] shuffleKeyColumns(int side) { return null; }
  @Override public StateSchema stateSchema() { return null; }
  @Override public boolean usesWatermark() { return true; }
  @Override public List<ColumnBatch> preShuffle(int side, List<ColumnBatch> input, OpContext ctx, OperatorMetrics m) {
    return input;
  }
  @Override public List<ColumnBatch> process(int partition, List<List<ColumnBatch>> input, StateStore store,
      OpContext ctx, OperatorMetrics metrics) {
    return List.of();
  }
}
