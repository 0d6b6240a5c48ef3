package io.sluice.engine.internal.expr;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.types.DataTypes;
import java.util.List;

/** {@code window_time(w)}: a window's end minus one microsecond, the event time of its rows. */
final class WindowTimeExpr extends BaseExpr {
  private final BoundExpr window;
  private final int endIndex;

  WindowTimeExpr(BoundExpr window, int endIndex, String name, String sql) {
    super(DataTypes.TIMESTAMP, true, name, sql, List.of(window));
    this.window = window;
    this.endIndex = endIndex;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    StructVector w = (StructVector) window.eval(input, ctx);
    ColumnVector end = ColumnRefExpr.field(w, endIndex, input.numRows());
    int n = input.numRows();
    LongVector out = new LongVector(DataTypes.TIMESTAMP, n);
    LongVector ends = (LongVector) end;
    for (int i = 0; i < n; i++) {
      if (end.isNull(i)) {
        out.appendNull();
      } else {
        out.append(ends.get(i) - 1);
      }
    }
    return out;
  }
}
