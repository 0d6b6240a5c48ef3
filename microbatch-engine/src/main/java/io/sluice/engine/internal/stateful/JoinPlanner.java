package io.sluice.engine.internal.stateful;

import io.sluice.api.AnalysisException;
import io.sluice.api.plan.LogicalPlan;
import io.sluice.api.plan.LogicalPlan.JoinType;
import io.sluice.engine.internal.join.BroadcastHashJoinOp;
import io.sluice.engine.internal.join.JoinOutput;
import io.sluice.engine.internal.join.JoinSpec;
import io.sluice.engine.internal.join.SymmetricHashJoinOperator;
import io.sluice.engine.internal.plan.PNode;
import io.sluice.engine.internal.plan.Planner;
import io.sluice.engine.internal.plan.Planner.EventTime;
import io.sluice.api.types.StructType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans joins: stream-static (and bounded-bounded) as a broadcast hash join appended to the
 * streaming side's stage, stream-stream as a stateful symmetric hash join. The analyzer's rules for
 * which join types each form allows are Spark's; each rejection says what to change.
 */
public final class JoinPlanner {
  private JoinPlanner() {}

  /**
   * Plans a join.
   *
   * @param planner the planner (for the children and operator ids)
   * @param join the join
   * @return the planned node; its event-time columns are both inputs' that appear in the output
   * @throws AnalysisException if the join cannot run as a streaming join
   */
  public static Planner.Planned plan(Planner planner, LogicalPlan.Join join) {
    boolean leftStreaming = join.left().isStreaming();
    boolean rightStreaming = join.right().isStreaming();
    Planner.Planned left = planner.translate(join.left());
    Planner.Planned right = planner.translate(join.right());
    JoinSpec spec = JoinSpec.analyze(join, left.node().schema(), right.node().schema());
    Map<String, EventTime> eventTime = outputEventTime(spec, left.eventTime(), right.eventTime());
    if (leftStreaming && rightStreaming) {
      SymmetricHashJoinOperator op = new SymmetricHashJoinOperator(planner.nextOperatorId(), spec,
          left.eventTime(), right.eventTime());
      planner.addOperator(op);
      return new Planner.Planned(new PNode.Stateful(List.of(left.node(), right.node()), op), eventTime);
    }
    int probeSide = probeSide(spec, leftStreaming, rightStreaming);
    BroadcastHashJoinOp op = new BroadcastHashJoinOp(spec, probeSide,
        probeSide == 0 ? right.node() : left.node());
    Planner.Planned out = Planner.then(probeSide == 0 ? left : right, op, op.outputSchema());
    return new Planner.Planned(out.node(), eventTime);
  }

  /** Which input the broadcast join probes with (the streaming one); the other is built once. */
  private static int probeSide(JoinSpec spec, boolean leftStreaming, boolean rightStreaming) {
    JoinType t = spec.type();
    String name = spec.typeName();
    if (leftStreaming) {
      if (t == JoinType.RIGHT_OUTER || t == JoinType.FULL_OUTER) {
        throw new AnalysisException(name + " join with a streaming DataFrame on the left and a static "
            + "DataFrame on the right is not supported: the static side's unmatched rows would never be "
            + "final. Use an inner or left_outer join (the stream's unmatched rows get nulls), or make "
            + "both sides streaming with watermarks");
      }
      return 0;
    } else if (rightStreaming) {
      if (t == JoinType.FULL_OUTER || t == JoinType.LEFT_OUTER) {
        throw new AnalysisException(name + " join with a streaming DataFrame on the right and a static "
            + "DataFrame on the left is not supported: the static side's unmatched rows would never be "
            + "final. Use an inner or right_outer join, or put the stream on the left: "
            + "stream.join(static, condition, \"left_outer\")");
      } else if (t == JoinType.LEFT_SEMI || t == JoinType.LEFT_ANTI) {
        throw new AnalysisException(name + " join with a streaming DataFrame on the right and a static "
            + "DataFrame on the left is not supported. Put the stream on the left: "
            + "stream.join(static, condition, \"" + t.name().toLowerCase(java.util.Locale.ROOT) + "\")");
      }
      return 1;
    }
    if (t == JoinType.FULL_OUTER) {
      throw new AnalysisException("FullOuter joins of two bounded DataFrames are not supported yet; "
          + "use a left_outer and a right_outer join and union them");
    }
    return t == JoinType.RIGHT_OUTER ? 1 : 0;
  }

  /** The event-time columns of the join output: each input's, under its output name. */
  private static Map<String, EventTime> outputEventTime(JoinSpec spec, Map<String, EventTime> left,
      Map<String, EventTime> right) {
    Map<String, EventTime> out = new HashMap<>();
    if (left.isEmpty() && right.isEmpty()) {
      return out;
    }
    StructType schema = spec.outputSchema();
    List<JoinOutput.Column> cols = spec.output(0, 0).columns();
    for (int i = 0; i < cols.size(); i++) {
      JoinOutput.Column c = cols.get(i);
      EventTime et = c.source() == JoinOutput.Source.RIGHT
          ? Planner.eventTimeOf(right, spec.right().field(c.right()).name())
          : c.source() == JoinOutput.Source.LEFT ? Planner.eventTimeOf(left, spec.left().field(c.left()).name())
          : Planner.eventTimeOf(left, schema.field(i).name());
      if (et != null) {
        out.putIfAbsent(schema.field(i).name(), et);
      }
    }
    return out;
  }

}
