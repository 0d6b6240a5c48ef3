package io.sluice.engine.internal.expr;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.types.DataTypes;
import java.util.List;

/** {@code current_timestamp()}: the micro-batch's timestamp from the context, the same per batch. */
final class CurrentTimestampExpr extends BaseExpr {
  CurrentTimestampExpr(String name, String sql) {
    super(DataTypes.TIMESTAMP, false, name, sql, List.of());
  }

  @Override
  boolean foldable() {
    return false;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    int n = input.numRows();
    long ts = ctx.batchTimestampMicros();
    LongVector out = new LongVector(DataTypes.TIMESTAMP, n);
    for (int i = 0; i < n; i++) {
      out.append(ts);
    }
    return out;
  }
}
