package io.sluice.engine.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.OutputMode;
import io.sluice.api.plan.LogicalPlan;
import io.sluice.engine.internal.plan.PhysicalPlan;
import io.sluice.engine.internal.stateful.StatefulOperator;

/**
 * The analyzer's rules for streaming queries, as Spark's: which output modes a query's operators
 * allow. Each rejection says what to change.
 */
final class StreamingChecks {
  private StreamingChecks() {}

  static void check(LogicalPlan logical, PhysicalPlan plan, OutputMode mode) {
    // Operator-specific rules first: their messages say more than the general ones.
    for (StatefulOperator op : plan.operators()) {
      op.checkOutputMode(mode);
    }
    boolean hasAggregate = contains(logical, LogicalPlan.Aggregate.class);
    if (mode == OutputMode.COMPLETE && !hasAggregate) {
      throw new AnalysisException("Complete output mode is not supported when there are no streaming "
          + "aggregations on streaming DataFrames: use append or update, or add a groupBy(...).agg(...)");
    }
    if (plan.operators().size() > 1 && mode != OutputMode.APPEND) {
      throw new AnalysisException("Multiple stateful operators (" + plan.operators().stream()
          .map(StatefulOperator::name).toList() + ") are only supported in append output mode, as in "
          + "Spark 3.4+: use outputMode(\"append\") with watermarks, or split the query in two");
    }
  }

  private static boolean contains(LogicalPlan p, Class<?> type) {
    return type.isInstance(p) || p.children().stream().anyMatch(c -> contains(c, type));
  }
}
