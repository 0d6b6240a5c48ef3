package io.sluice.engine.internal.expr;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.plan.Expr;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;

/**
 * A compiled filter condition. Keeps the rows where the condition is true (not false, not null)
 * and that no DROPMALFORMED {@code from_json} marked. Immutable and thread-safe.
 */
public final class FilterPredicate {
  private final BoundExpr condition;

  /**
   * Resolves a condition against the input schema.
   *
   * @param condition the condition
   * @param input the input schema
   * @throws AnalysisException if it does not resolve or is not boolean
   */
  public FilterPredicate(Expr condition, StructType input) {
    BoundExpr c = ExprResolver.resolve(condition, input);
    if (c.type() == DataTypes.NULL) {
      c = ExprResolver.castTo(c, DataTypes.BOOLEAN);
    } else if (c.type() != DataTypes.BOOLEAN) {
      throw new AnalysisException("Filter condition must be boolean, got "
          + c.type().simpleString() + ": " + condition.sql());
    }
    this.condition = c;
  }

  /** @return the resolved condition */
  public BoundExpr condition() {
    return condition;
  }

  /**
   * Filters a batch. Resets {@code ctx} for the batch first.
   *
   * @param in the input batch
   * @param ctx the evaluation context
   * @return {@code in} itself when every row passes, else a new batch of the passing rows
   */
  public ColumnBatch apply(ColumnBatch in, EvalContext ctx) {
    int n = in.numRows();
    ctx.reset(n);
    ColumnVector result = condition.eval(in, ctx);
    boolean[] v = ((BooleanVector) result).values();
    boolean checkNulls = result.mayHaveNulls();
    boolean checkDropped = ctx.anyDropped();
    int[] keep = null;
    int count = 0;
    for (int i = 0; i < n; i++) {
      boolean pass = v[i] && !(checkNulls && result.isNull(i))
          && !(checkDropped && ctx.isDropped(i));
      if (keep == null) {
        if (pass) {
          count++;
          continue;
        }
        // first rejected row: from here on, record the positions kept
        keep = new int[n];
        for (int k = 0; k < i; k++) {
          keep[k] = k;
        }
      } else if (pass) {
        keep[count++] = i;
      }
    }
    return keep == null ? in : in.select(keep, count);
  }

  @Override
  public String toString() {
    return "Filter[" + condition.sql() + "]";
  }
}
