package io.sluice.engine.internal.expr;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.plan.Expr;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled select list. Immutable and thread-safe; each task passes its own {@link EvalContext}.
 * A top-level column reference reuses the input vector without copying.
 */
public final class Projection {
  private final List<BoundExpr> exprs;
  private final StructType outputSchema;

  /**
   * Resolves a select list against the input schema.
   *
   * @param exprs the select list ({@code *} and {@code s.*} are expanded)
   * @param input the input schema
   * @throws io.sluice.api.AnalysisException if an expression does not resolve
   */
  public Projection(List<Expr> exprs, StructType input) {
    this.exprs = ExprResolver.resolveProjection(exprs, input);
    List<StructField> fields = new ArrayList<>(this.exprs.size());
    for (BoundExpr e : this.exprs) {
      fields.add(new StructField(e.name(), e.type(), e.nullable()));
    }
    this.outputSchema = new StructType(fields);
  }

  /** @return the resolved expressions, one per output column */
  public List<BoundExpr> exprs() {
    return exprs;
  }

  /** @return the output schema: one field per expression, named by its {@link BoundExpr#name()} */
  public StructType outputSchema() {
    return outputSchema;
  }

  /**
   * Evaluates every expression over a batch. Resets {@code ctx} for the batch first; rows that a
   * DROPMALFORMED {@code from_json} marked are left out of the result.
   *
   * @param in the input batch
   * @param ctx the evaluation context
   * @return the output batch
   */
  public ColumnBatch apply(ColumnBatch in, EvalContext ctx) {
    int n = in.numRows();
    ctx.reset(n);
    ColumnVector[] out = new ColumnVector[exprs.size()];
    for (int c = 0; c < out.length; c++) {
      out[c] = exprs.get(c).eval(in, ctx);
    }
    ColumnBatch result = new ColumnBatch(outputSchema, out, n);
    if (!ctx.anyDropped()) {
      return result;
    }
    int[] keep = new int[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (!ctx.isDropped(i)) {
        keep[count++] = i;
      }
    }
    return result.select(keep, count);
  }

  @Override
  public String toString() {
    return "Projection" + exprs;
  }
}
