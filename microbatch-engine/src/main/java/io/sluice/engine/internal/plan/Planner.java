package io.sluice.engine.internal.plan;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.plan.Expr;
import io.sluice.api.plan.LogicalPlan;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.Analyzer;
import io.sluice.engine.internal.expr.EvalContext;
import io.sluice.engine.internal.expr.FilterPredicate;
import io.sluice.engine.internal.expr.Projection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a logical plan into a physical plan: one translator per node kind; narrow operators are
 * fused into the pipeline of the leaf they read from. Sources are numbered in the order they are
 * first met, which is the order of the offset log's lines.
 */
public final class Planner {
  private final Map<String, Integer> sourceIndex = new LinkedHashMap<>();
  private final List<LogicalPlan.StreamingRelation> sources = new ArrayList<>();

  /** @return the streaming relations, in source-index order, after {@link #plan(LogicalPlan)} */
  public List<LogicalPlan.StreamingRelation> sources() {
    return sources;
  }

  /**
   * Plans a query.
   *
   * @param plan the logical plan
   * @return the physical plan
   * @throws AnalysisException if the plan does not resolve
   */
  public PhysicalPlan plan(LogicalPlan plan) {
    return new PhysicalPlan(translate(plan), Analyzer.schemaOf(plan));
  }

  private List<Pipeline> translate(LogicalPlan plan) {
    if (plan instanceof LogicalPlan.StreamingRelation r) {
      Integer idx = sourceIndex.get(r.id());
      if (idx == null) {
        idx = sources.size();
        sourceIndex.put(r.id(), idx);
        sources.add(r);
      }
      return List.of(new Pipeline(new Leaf.SourceLeaf(idx, r), List.of()));
    } else if (plan instanceof LogicalPlan.LocalRelation l) {
      return List.of(new Pipeline(new Leaf.LocalLeaf(l), List.of()));
    } else if (plan instanceof LogicalPlan.Project p) {
      StructType in = Analyzer.schemaOf(p.child());
      Projection projection = new Projection(p.projections(), in);
      BatchOp op = new ProjectOp(projection, p.describe());
      return translate(p.child()).stream().map(b -> b.then(op)).toList();
    } else if (plan instanceof LogicalPlan.Filter f) {
      StructType in = Analyzer.schemaOf(f.child());
      FilterPredicate predicate = new FilterPredicate(f.condition(), in);
      BatchOp op = new FilterOp(predicate, f.describe());
      return translate(f.child()).stream().map(b -> b.then(op)).toList();
    } else if (plan instanceof LogicalPlan.Union u) {
      StructType out = Analyzer.schemaOf(u);
      List<Pipeline> all = new ArrayList<>();
      for (LogicalPlan input : u.inputs()) {
        StructType in = Analyzer.schemaOf(input);
        List<Pipeline> branches = translate(input);
        BatchOp align = alignment(in, out);
        for (Pipeline b : branches) {
          all.add(align == null ? b : b.then(align));
        }
      }
      return all;
    }
    throw new AnalysisException("Unsupported plan node " + plan.describe());
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

  private record ProjectOp(Projection projection, String description) implements BatchOp {
    @Override
    public ColumnBatch apply(ColumnBatch in, EvalContext ctx) {
      return projection.apply(in, ctx);
    }

    @Override
    public String describe() {
      return description;
    }
  }

  private record FilterOp(FilterPredicate predicate, String description) implements BatchOp {
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
      io.sluice.api.data.ColumnVector[] cols = new io.sluice.api.data.ColumnVector[in.numColumns()];
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
