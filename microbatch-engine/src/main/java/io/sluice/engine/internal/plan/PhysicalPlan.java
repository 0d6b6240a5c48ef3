package io.sluice.engine.internal.plan;

import io.sluice.api.types.StructType;
import io.sluice.engine.internal.stateful.StatefulOperator;
import java.util.List;

/**
 * The physical DAG of a query: its root node, the event-time trackers of its
 * {@code withWatermark} declarations (in plan order), and its stateful operators (by id).
 *
 * @param root the root node
 * @param trackers one per {@code withWatermark}
 * @param operators the stateful operators, index = operator id
 * @param expectations the data-quality expectations, in plan order
 */
public record PhysicalPlan(PNode root, List<EventTimeTracker> trackers, List<StatefulOperator> operators,
    List<ExpectationOp> expectations) {
  /** Copies the lists. */
  public PhysicalPlan {
    trackers = List.copyOf(trackers);
    operators = List.copyOf(operators);
    expectations = List.copyOf(expectations);
  }

  /** @return the output schema */
  public StructType outputSchema() {
    return root.schema();
  }

  /** @return true if some operator emits or evicts by watermark */
  public boolean usesWatermark() {
    return !trackers.isEmpty() && operators.stream().anyMatch(StatefulOperator::usesWatermark);
  }

  /** @return the plan as readable text */
  public String explain() {
    StringBuilder sb = new StringBuilder();
    root.explain(sb, 0);
    sb.append("Output ").append(outputSchema().simpleString()).append('\n');
    return sb.toString();
  }
}
