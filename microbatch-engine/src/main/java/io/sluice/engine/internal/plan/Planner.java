package io.sluice.engine.internal.plan;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.plan.Expr;
import io.sluice.api.plan.LogicalPlan;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.Analyzer;
import io.sluice.engine.internal.expr.EvalContext;
import io.sluice.engine.internal.expr.FilterPredicate;
import io.sluice.engine.internal.expr.Projection;
import io.sluice.engine.internal.stateful.AggregateOperator;
import io.sluice.engine.internal.stateful.DeduplicateOperator;
import io.sluice.engine.internal.stateful.JoinPlanner;
import io.sluice.engine.internal.stateful.StatefulOperator;
import io.sluice.engine.internal.stateful.TransformWithStateOperator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a logical plan into a physical DAG: one translator per node kind. Narrow operators are
 * fused into the stage of their input; each stateful node becomes a shuffle plus a stateful stage
 * and gets the next operator id in plan order (children first), which names its state directory.
 * Sources are numbered in the order they are first met: the order of their lines in offsets/N.
 */
public final class Planner {
  private final Map<String, Integer> sourceIndex = new LinkedHashMap<>();
  private final List<LogicalPlan.StreamingRelation> sources = new ArrayList<>();
  private final List<EventTimeTracker> trackers = new ArrayList<>();
  private final List<StatefulOperator> operators = new ArrayList<>();
  private final List<ExpectationOp> expectations = new ArrayList<>();

  /**
   * An event-time column of a node's output: a timestamp declared with {@code withWatermark}, or
   * a window struct over one (its end is the event time).
   *
   * @param delayMs the watermark delay of its declaration
   * @param isWindow true for a window struct
   */
  public record EventTime(long delayMs, boolean isWindow) {}

  /**
   * A translated node and its event-time columns by name.
   *
   * @param node the physical node
   * @param eventTime event-time columns of its output
   */
  public record Planned(PNode node, Map<String, EventTime> eventTime) {}

  /** @return the streaming relations, in source-index order, after {@link #plan(LogicalPlan)} */
  public List<LogicalPlan.StreamingRelation> sources() {
    return sources;
  }

  /** @return the number of stateful operators planned so far (the next operator id) */
  public int nextOperatorId() {
    return operators.size();
  }

  /**
   * Plans a query.
   *
   * @param plan the logical plan
   * @return the physical plan
   * @throws AnalysisException if the plan does not resolve
   */
  public PhysicalPlan plan(LogicalPlan plan) {
    Planned p = translate(plan);
    return new PhysicalPlan(p.node(), trackers, operators, expectations);
  }

  /**
   * Translates one node (used by the operator planners for their children).
   *
   * @param plan the node
   * @return the physical node and its event-time columns
   */
  public Planned translate(LogicalPlan plan) {
    if (plan instanceof LogicalPlan.StreamingRelation r) {
      Integer idx = sourceIndex.get(r.id());
      if (idx == null) {
        idx = sources.size();
        sourceIndex.put(r.id(), idx);
        sources.add(r);
      }
      return new Planned(new PNode.Scan(new Pipeline(new Leaf.SourceLeaf(idx, r), List.of()), r.schema()), Map.of());
    } else if (plan instanceof LogicalPlan.LocalRelation l) {
      return new Planned(new PNode.Scan(new Pipeline(new Leaf.LocalLeaf(l), List.of()), l.schema()), Map.of());
    } else if (plan instanceof LogicalPlan.Project p) {
      Planned child = translate(p.child());
      Projection projection = new Projection(p.projections(), child.node().schema());
      Planned out = then(child, new ProjectOp(projection, p.describe()), projection.outputSchema());
      return new Planned(out.node(), projectEventTime(p.projections(), child.eventTime()));
    } else if (plan instanceof LogicalPlan.Filter f) {
      Planned child = translate(f.child());
      FilterPredicate predicate = new FilterPredicate(f.condition(), child.node().schema());
      return then(child, new FilterOp(predicate, f.describe()), child.node().schema());
    } else if (plan instanceof LogicalPlan.Union u) {
      StructType out = Analyzer.unionSchema(u);
      List<PNode> inputs = new ArrayList<>();
      Map<String, EventTime> et = null;
      for (LogicalPlan input : u.inputs()) {
        Planned in = translate(input);
        BatchOp align = alignment(in.node().schema(), out);
        inputs.add(align == null ? in.node() : then(in, align, out).node());
        et = et == null ? in.eventTime() : et;
      }
      return new Planned(new PNode.Concat(inputs, out), et);
    } else if (plan instanceof LogicalPlan.EventTimeWatermark w) {
      Planned child = translate(w.child());
      StructType schema = child.node().schema();
      int idx = schema.indexOf(w.column());
      if (idx < 0 || schema.field(idx).type() != DataTypes.TIMESTAMP) {
        throw new AnalysisException("withWatermark needs a timestamp column; '" + w.column() + "' is "
            + (idx < 0 ? "not a column. Available columns: " + schema.fieldNames()
                : schema.field(idx).type().simpleString() + ": cast it with toTimestamp(...) first"));
      }
      if (w.delay().isNegative()) {
        throw new AnalysisException("The watermark delay of '" + w.column() + "' must not be negative: " + w.delay());
      }
      EventTimeTracker tracker = new EventTimeTracker(schema.field(idx).name(), idx, w.delay().toMillis());
      trackers.add(tracker);
      Planned out = then(child, tracker, schema);
      Map<String, EventTime> et = new HashMap<>(child.eventTime());
      et.put(schema.field(idx).name(), new EventTime(w.delay().toMillis(), false));
      return new Planned(out.node(), et);
    } else if (plan instanceof LogicalPlan.Expect x) {
      Planned child = translate(x.child());
      for (ExpectationOp other : expectations) {
        if (other.name().equals(x.name())) {
          throw new AnalysisException("Two expectations are named '" + x.name() + "': give each a unique name");
        }
      }
      ExpectationOp op = new ExpectationOp(x.name(), x.condition(), x.action(), child.node().schema());
      expectations.add(op);
      return then(child, op, child.node().schema());
    } else if (plan instanceof LogicalPlan.Deduplicate d) {
      Planned child = translate(d.child());
      DeduplicateOperator op = new DeduplicateOperator(operators.size(), d, child.node().schema(), child.eventTime());
      operators.add(op);
      return new Planned(new PNode.Stateful(List.of(child.node()), op), child.eventTime());
    } else if (plan instanceof LogicalPlan.Aggregate a) {
      Planned child = translate(a.child());
      AggregateOperator op = new AggregateOperator(operators.size(), a, child.node().schema(), child.eventTime());
      operators.add(op);
      return new Planned(new PNode.Stateful(List.of(child.node()), op), op.outputEventTime());
    } else if (plan instanceof LogicalPlan.Join j) {
      return JoinPlanner.plan(this, j);
    } else if (plan instanceof LogicalPlan.TransformWithState t) {
      Planned child = translate(t.child());
      TransformWithStateOperator op = new TransformWithStateOperator(operators.size(), t, child.node().schema(),
          child.eventTime());
      operators.add(op);
      return new Planned(new PNode.Stateful(List.of(child.node()), op), Map.of());
    }
    throw new AnalysisException("Unsupported plan node " + plan.describe());
  }

  /**
   * Registers a stateful operator planned by an operator planner.
   *
   * @param op the operator, whose id must be {@link #nextOperatorId()}
   */
  public void addOperator(StatefulOperator op) {
    if (op.operatorId() != operators.size()) {
      throw new IllegalStateException("operator id " + op.operatorId() + " out of order");
    }
    operators.add(op);
  }

  /**
   * Appends a narrow operator to a node: fused into a leaf's pipeline, pushed into each input of a
   * union, or added to the narrow stage after a stateful node.
   *
   * @param child the node
   * @param op the operator
   * @param outSchema the schema after the operator
   * @return the new node, with the child's event-time columns
   */
  public static Planned then(Planned child, BatchOp op, StructType outSchema) {
    return new Planned(append(child.node(), op, outSchema), child.eventTime());
  }

  private static PNode append(PNode node, BatchOp op, StructType outSchema) {
    if (node instanceof PNode.Scan s) {
      return new PNode.Scan(s.pipeline().then(op), outSchema);
    } else if (node instanceof PNode.Concat c) {
      return new PNode.Concat(c.inputs().stream().map(i -> append(i, op, outSchema)).toList(), outSchema);
    } else if (node instanceof PNode.Narrow n) {
      List<BatchOp> ops = new ArrayList<>(n.ops());
      ops.add(op);
      return new PNode.Narrow(n.input(), ops, outSchema);
    }
    return new PNode.Narrow(node, List.of(op), outSchema);
  }

  private static Map<String, EventTime> projectEventTime(List<Expr> projections, Map<String, EventTime> in) {
    if (in.isEmpty()) {
      return in;
    }
    Map<String, EventTime> out = new HashMap<>();
    for (Expr e : projections) {
      String alias = null;
      Expr inner = e;
      if (e instanceof Expr.Alias a) {
        alias = a.name();
        inner = a.child();
      }
      if (inner instanceof Expr.Star s && s.target().isEmpty()) {
        out.putAll(in);
      } else if (inner instanceof Expr.ColumnRef r && r.path().size() == 1) {
        EventTime et = eventTimeOf(in, r.name());
        if (et != null) {
          out.put(alias != null ? alias : r.name(), et);
        }
      } else if (inner instanceof Expr.Call c && c.name().equals("window_time") && c.args().size() == 1
          && c.args().get(0) instanceof Expr.ColumnRef r && eventTimeOf(in, r.name()) != null) {
        out.put(alias != null ? alias : inner.sql(), new EventTime(eventTimeOf(in, r.name()).delayMs(), false));
      }
    }
    return out;
  }

  /**
   * The event-time column of a name (case-insensitive, like column resolution), or null.
   *
   * @param m event-time columns by name
   * @param name a column name
   * @return its event time, or null
   */
  public static EventTime eventTimeOf(Map<String, EventTime> m, String name) {
    for (Map.Entry<String, EventTime> e : m.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** A projection that renames and widens an input of a union to the union's schema, or null. */
  private static BatchOp alignment(StructType in, StructType out) {
    if (in.equals(out)) {
      return null;
    }
    boolean sameTypes = true;
    for (int i = 0; i < in.size(); i++) {
      sameTypes &= in.field(i).type().equals(out.field(i).type());
    }
    if (sameTypes) {
      return new RenameOp(out);
    }
    List<Expr> exprs = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      StructField o = out.field(i);
      Expr ref = new Expr.ColumnRef(List.of(in.field(i).name()));
      exprs.add(new Expr.Alias(new Expr.Cast(ref, o.type()), o.name()));
    }
    return new ProjectOp(new Projection(exprs, in), "Cast to union schema " + out.simpleString());
  }

  /**
   * A compiled projection as a narrow operator.
   *
   * @param projection the projection
   * @param description for explain
   */
  public record ProjectOp(Projection projection, String description) implements BatchOp {
    @Override
    public ColumnBatch apply(ColumnBatch in, EvalContext ctx) {
      return projection.apply(in, ctx);
    }

    @Override
    public String describe() {
      return description;
    }
  }

  /**
   * A compiled filter as a narrow operator.
   *
   * @param predicate the predicate
   * @param description for explain
   */
  public record FilterOp(FilterPredicate predicate, String description) implements BatchOp {
    @Override
    public ColumnBatch apply(ColumnBatch in, EvalContext ctx) {
      return predicate.apply(in, ctx);
    }

    @Override
    public String describe() {
      return description;
    }
  }

  private record RenameOp(StructType out) implements BatchOp {
    @Override
    public ColumnBatch apply(ColumnBatch in, EvalContext ctx) {
      ColumnVector[] cols = new ColumnVector[in.numColumns()];
      for (int i = 0; i < cols.length; i++) {
        cols[i] = in.column(i);
      }
      return new ColumnBatch(out, cols, in.numRows());
    }

    @Override
    public String describe() {
      return "Rename to " + out.fieldNames();
    }
  }
}
