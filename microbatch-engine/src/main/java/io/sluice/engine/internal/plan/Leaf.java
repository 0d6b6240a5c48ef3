package io.sluice.engine.internal.plan;

import io.sluice.api.plan.LogicalPlan;

/** Where a fused pipeline's rows come from. */
public sealed interface Leaf {
  /** @return a description for {@code explain()} */
  String describe();

  /**
   * A streaming source of the query.
   *
   * @param sourceIndex the source's index in the query (its position in offsets/N)
   * @param relation the logical relation
   */
  record SourceLeaf(int sourceIndex, LogicalPlan.StreamingRelation relation) implements Leaf {
    @Override
    public String describe() {
      return "Scan " + relation.format() + " (source " + sourceIndex + ") " + relation.schema().fieldNames();
    }
  }

  /**
   * A bounded in-memory table.
   *
   * @param relation the table
   */
  record LocalLeaf(LogicalPlan.LocalRelation relation) implements Leaf {
    @Override
    public String describe() {
      return relation.describe();
    }
  }
}
