package io.sluice.engine.internal.plan;

import io.sluice.api.data.ColumnBatch;
import io.sluice.engine.internal.expr.EvalContext;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A fused stage: a leaf and the chain of narrow operators applied to each of its batches, run as
 * one task per input partition without materializing between operators.
 *
 * @param leaf where the rows come from
 * @param ops the operators, in order
 */
public record Pipeline(Leaf leaf, List<BatchOp> ops) {
  /** Copies the list. */
  public Pipeline {
    ops = List.copyOf(ops);
  }

  /**
   * A pipeline with one more operator at the end.
   *
   * @param op the operator
   * @return the new pipeline
   */
  public Pipeline then(BatchOp op) {
    java.util.ArrayList<BatchOp> copy = new java.util.ArrayList<>(ops);
    copy.add(op);
    return new Pipeline(leaf, copy);
  }

  /**
   * Runs the operators over one batch.
   *
   * @param batch the input
   * @param ctx the context
   * @return the output
   */
  public ColumnBatch apply(ColumnBatch batch, EvalContext ctx) {
    ColumnBatch b = batch;
    for (BatchOp op : ops) {
      if (b.numRows() == 0) {
        break;
      }
      ctx.reset(b.numRows());
      b = op.apply(b, ctx);
    }
    return b;
  }

  /** @return a description for {@code explain()} */
  public String describe() {
    return leaf.describe()
        + ops.stream().map(o -> " -> " + o.describe()).collect(Collectors.joining());
  }
}
