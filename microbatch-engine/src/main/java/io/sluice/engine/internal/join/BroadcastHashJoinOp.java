package io.sluice.engine.internal.join;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.plan.LogicalPlan.JoinType;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.expr.BoundExpr;
import io.sluice.engine.internal.expr.EvalContext;
import io.sluice.engine.internal.plan.BatchOp;
import io.sluice.engine.internal.plan.Leaf;
import io.sluice.engine.internal.plan.PNode;
import io.sluice.engine.internal.plan.Pipeline;
import java.util.ArrayList;
import java.util.List;

/**
 * A broadcast hash join as a narrow operator: the bounded side (the build side) is evaluated once,
 * on first use, into one batch and a {@link KeyTable} on its join keys; each batch of the other
 * side (the probe side, usually the stream) is joined against it in the task that produced it, with
 * no shuffle and no state.
 *
 * <p>Supported with the probe side on the left: inner, left outer, left semi, left anti; with the
 * probe side on the right: inner, right outer. The probe path hashes the key vectors into an
 * {@code int[]}, compares keys in place, and builds the output with one gather per column.
 *
 * <p>The build side is evaluated once per query run (on the first batch that needs it), with that
 * batch's timestamp: a bounded side is immutable, so this equals Spark's per-batch re-evaluation
 * except for non-deterministic expressions such as {@code current_timestamp()} in it.
 */
public final class BroadcastHashJoinOp implements BatchOp {
  private final JoinSpec spec;
  private final int probeSide;
  private final PNode buildPlan;
  private final BoundExpr[] probeKeys;
  private final BoundExpr[] buildKeys;
  private final boolean[] nullSafe;
  private final BoundExpr residual;
  private final JoinOutput output;
  private volatile Built built;

  private record Built(ColumnBatch rows, ColumnVector[] keys, KeyTable table) {}

  /**
   * Plans the operator.
   *
   * @param spec the join
   * @param probeSide 0 if the probe (streaming) side is the left input, 1 if it is the right
   * @param buildPlan the physical plan of the bounded side (local relations and narrow operators)
   * @throws AnalysisException if the join type cannot run with the probe side there, or the
   *     bounded side needs a stateful operator
   */
  public BroadcastHashJoinOp(JoinSpec spec, int probeSide, PNode buildPlan) {
    this.spec = spec;
    this.probeSide = probeSide;
    this.buildPlan = buildPlan;
    requireNarrow(buildPlan);
    JoinType t = spec.type();
    boolean ok = probeSide == 0
        ? t == JoinType.INNER || t == JoinType.LEFT_OUTER || t == JoinType.LEFT_SEMI || t == JoinType.LEFT_ANTI
        : t == JoinType.INNER || t == JoinType.RIGHT_OUTER;
    if (!ok) {
      throw new IllegalArgumentException("join type " + t + " cannot probe side " + probeSide);
    }
    StructType probeSchema = probeSide == 0 ? spec.left() : spec.right();
    this.probeKeys = spec.boundKeys(probeSide, probeSchema);
    this.buildKeys = spec.boundKeys(1 - probeSide, buildPlan.schema());
    this.nullSafe = spec.nullSafe();
    this.residual = spec.boundResidual();
    this.output = spec.output(-1, -1);
  }

  private static void requireNarrow(PNode node) {
    if (node instanceof PNode.Stateful st) {
      throw new AnalysisException("The bounded side of a stream-static join cannot contain "
          + st.operator().name() + " (a stateful operator); compute it as a bounded DataFrame first");
    } else if (node instanceof PNode.Concat c) {
      c.inputs().forEach(BroadcastHashJoinOp::requireNarrow);
    } else if (node instanceof PNode.Narrow n) {
      requireNarrow(n.input());
    } else if (node instanceof PNode.Scan s && !(s.pipeline().leaf() instanceof Leaf.LocalLeaf)) {
      throw new AnalysisException("The build side of a broadcast join must be bounded");
    }
  }

  /** @return the output schema */
  public StructType outputSchema() {
    return output.schema();
  }

  @Override
  public String describe() {
    return "BroadcastHashJoin " + spec.describe() + " (build side: " + (probeSide == 0 ? "right" : "left") + ")";
  }

  private Built built(EvalContext probeCtx) {
    Built b = built;
    if (b == null) {
      synchronized (this) {
        b = built;
        if (b == null) {
          b = build(probeCtx.batchTimestampMicros());
          built = b;
        }
      }
    }
    return b;
  }

  private Built build(long batchTimestampMicros) {
    EvalContext ctx = new EvalContext(batchTimestampMicros);
    List<ColumnBatch> batches = new ArrayList<>();
    evaluate(buildPlan, ctx, batches);
    ColumnBatch rows = concat(buildPlan.schema(), batches);
    ctx.reset(rows.numRows());
    ColumnVector[] keys = new ColumnVector[buildKeys.length];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = buildKeys[k].eval(rows, ctx);
    }
    return new Built(rows, keys, new KeyTable(keys, rows.numRows(), nullSafe));
  }

  private static void evaluate(PNode node, EvalContext ctx, List<ColumnBatch> out) {
    if (node instanceof PNode.Scan s) {
      for (ColumnBatch b : ((Leaf.LocalLeaf) s.pipeline().leaf()).relation().batches()) {
        ColumnBatch r = s.pipeline().apply(b, ctx);
        if (r.numRows() > 0) {
          out.add(r);
        }
      }
    } else if (node instanceof PNode.Concat c) {
      c.inputs().forEach(i -> evaluate(i, ctx, out));
    } else if (node instanceof PNode.Narrow n) {
      List<ColumnBatch> in = new ArrayList<>();
      evaluate(n.input(), ctx, in);
      Pipeline ops = new Pipeline(null, n.ops());
      for (ColumnBatch b : in) {
        ColumnBatch r = ops.apply(b, ctx);
        if (r.numRows() > 0) {
          out.add(r);
        }
      }
    } else {
      throw new IllegalStateException("not a bounded plan: " + node);
    }
  }

  /**
   * Concatenates batches of one schema.
   *
   * @param schema the schema
   * @param batches the batches
   * @return one batch
   */
  static ColumnBatch concat(StructType schema, List<ColumnBatch> batches) {
    ColumnBatch only = null;
    int nonEmpty = 0;
    for (ColumnBatch b : batches) {
      if (b.numRows() > 0) {
        only = b;
        nonEmpty++;
      }
    }
    if (nonEmpty == 0) {
      return ColumnBatch.empty(schema);
    } else if (nonEmpty == 1) {
      return only;
    }
    int n = 0;
    for (ColumnBatch b : batches) {
      n += b.numRows();
    }
    ColumnVector[] cols = ColumnBatch.allocate(schema, n);
    for (ColumnBatch b : batches) {
      for (int c = 0; c < cols.length; c++) {
        ColumnVector src = b.column(c);
        for (int i = 0; i < b.numRows(); i++) {
          cols[c].appendFrom(src, i);
        }
      }
    }
    return new ColumnBatch(schema, cols, n);
  }

  @Override
  public ColumnBatch apply(ColumnBatch in, EvalContext ctx) {
    Built b = built(ctx);
    int n = in.numRows();
    ColumnVector[] keys = new ColumnVector[probeKeys.length];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = probeKeys[k].eval(in, ctx);
    }
    int[] hash = new int[n];
    KeyTable.hash(keys, n, hash);
    IntBuffer probePos = new IntBuffer(n);
    IntBuffer buildPos = new IntBuffer(n);
    for (int i = 0; i < n; i++) {
      if (KeyTable.hasNullKey(keys, nullSafe, i)) {
        continue;
      }
      for (int j = b.table().first(keys, i, hash[i]); j >= 0; j = b.table().next(keys, i, hash[i], j)) {
        probePos.add(i);
        buildPos.add(j);
      }
    }
    int pairs = probePos.size;
    int[] pp = probePos.data;
    int[] bp = buildPos.data;
    if (residual != null && pairs > 0) {
      ColumnBatch joined = probeSide == 0
          ? JoinOutput.combined(spec.combined(), in, in.numColumns(), pp, b.rows(), b.rows().numColumns(), bp, pairs)
          : JoinOutput.combined(spec.combined(), b.rows(), b.rows().numColumns(), bp, in, in.numColumns(), pp, pairs);
      ctx.reset(pairs);
      ColumnVector result = residual.eval(joined, ctx);
      pairs = probeSide == 0 ? JoinOutput.keepTrue(result, pp, bp, pairs) : JoinOutput.keepTrue(result, bp, pp, pairs);
    }
    JoinType t = spec.type();
    if (t == JoinType.INNER) {
      return probeSide == 0 ? output.build(in, pp, b.rows(), bp, pairs) : output.build(b.rows(), bp, in, pp, pairs);
    }
    boolean[] matched = new boolean[n];
    for (int k = 0; k < pairs; k++) {
      matched[pp[k]] = true;
    }
    if (t == JoinType.LEFT_SEMI || t == JoinType.LEFT_ANTI) {
      boolean want = t == JoinType.LEFT_SEMI;
      int[] keep = new int[n];
      int count = 0;
      for (int i = 0; i < n; i++) {
        if (matched[i] == want) {
          keep[count++] = i;
        }
      }
      return output.build(in, keep, null, null, count);
    }
    // Outer with the probe side preserved: the matches, then each unmatched probe row with nulls.
    probePos.size = pairs;
    buildPos.size = pairs;
    for (int i = 0; i < n; i++) {
      if (!matched[i]) {
        probePos.add(i);
        buildPos.add(-1);
      }
    }
    pairs = probePos.size;
    pp = probePos.data;
    bp = buildPos.data;
    return probeSide == 0 ? output.build(in, pp, b.rows(), bp, pairs) : output.build(b.rows(), bp, in, pp, pairs);
  }
}
