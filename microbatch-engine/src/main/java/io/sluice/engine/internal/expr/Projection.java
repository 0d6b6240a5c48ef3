package io.sluice.engine.internal.expr;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.plan.Expr;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import java.util.ArrayList;
import java.util.List;

/** STUB: replaced by the expr branch. Column refs and stars only. */
public final class Projection {
  private final int[] idx;
  private final StructType out;

  public Projection(List<Expr> exprs, StructType input) {
    List<Integer> ids = new ArrayList<>();
    List<StructField> fs = new ArrayList<>();
    for (Expr e : exprs) {
      String alias = null;
      if (e instanceof Expr.Alias a) {
        alias = a.name();
        e = a.child();
      }
      if (e instanceof Expr.Star) {
        for (int i = 0; i < input.size(); i++) {
          ids.add(i);
          fs.add(input.field(i));
        }
      } else if (e instanceof Expr.ColumnRef r) {
        int i = input.indexOf(r.name());
        if (i < 0) {
          throw new AnalysisException("Column '" + r.sql() + "' does not exist. Available columns: "
              + input.fieldNames());
        }
        ids.add(i);
        fs.add(alias == null ? input.field(i) : input.field(i).withName(alias));
      } else {
        throw new AnalysisException("stub");
      }
    }
    idx = ids.stream().mapToInt(Integer::intValue).toArray();
    out = new StructType(fs);
  }

  public StructType outputSchema() {
    return out;
  }

  public ColumnBatch apply(ColumnBatch in, EvalContext ctx) {
    ColumnVector[] cols = new ColumnVector[idx.length];
    for (int i = 0; i < idx.length; i++) {
      cols[i] = in.column(idx[i]);
    }
    return new ColumnBatch(out, cols, in.numRows());
  }
}
