package io.sluice.engine.internal.stateful;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.plan.LogicalPlan;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.plan.Planner.EventTime;
import io.sluice.state.StateSchema;
import io.sluice.state.StateStore;
import java.util.List;
import java.util.Map;

/** STUB: transformWithState. */
public final class TransformWithStateOperator extends StatefulOperator {
  /**
   * Plans the operator.
   *
   * @param operatorId its id
   * @param node the node
   * @param input the input schema
   * @param eventTime the input's event-time columns
   */
  public TransformWithStateOperator(int operatorId, LogicalPlan.TransformWithState node, StructType input,
      Map<String, EventTime> eventTime) {
    super(operatorId);
    throw new AnalysisException("transformWithState is not supported yet");
  }

  @Override
  public String name() {
    return "transformWithState";
  }

  @Override
  public String describe() {
    return name();
  }

  @Override
  public StructType outputSchema() {
    return null;
  }

  @Override
  public StructType shuffleSchema(int side) {
    return null;
  }

  @Override
  public int[] shuffleKeyColumns(int side) {
    return new int[0];
  }

  @Override
  public StateSchema stateSchema() {
    return null;
  }

  @Override
  public boolean usesWatermark() {
    return false;
  }

  @Override
  public List<ColumnBatch> preShuffle(int side, List<ColumnBatch> input, OpContext ctx, OperatorMetrics metrics) {
    return input;
  }

  @Override
  public List<ColumnBatch> process(int partition, List<List<ColumnBatch>> input, StateStore store, OpContext ctx,
      OperatorMetrics metrics) {
    return List.of();
  }
}
