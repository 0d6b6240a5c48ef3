package io.sluice.engine.internal.stateful;

import io.sluice.api.AnalysisException;
import io.sluice.api.plan.LogicalPlan;
import io.sluice.engine.internal.plan.Planner;

/** Plans joins: stream-static as a broadcast hash join, stream-stream as a stateful symmetric hash join. */
public final class JoinPlanner {
  private JoinPlanner() {}

  /**
   * Plans a join.
   *
   * @param planner the planner (for the children and operator ids)
   * @param join the join
   * @return the planned node
   */
  public static Planner.Planned plan(Planner planner, LogicalPlan.Join join) {
    throw new AnalysisException("Joins are not supported yet");
  }
}
