package io.sluice.engine.internal.expr;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.types.StructType;
import java.util.List;

/** {@code struct(a, b, ...)}: a non-null struct whose field vectors are the arguments' vectors. */
final class StructExpr extends BaseExpr {
  private final List<BoundExpr> fields;

  StructExpr(List<BoundExpr> fields, StructType type, String name, String sql) {
    super(type, false, name, sql, fields);
    this.fields = List.copyOf(fields);
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    ColumnVector[] children = new ColumnVector[fields.size()];
    for (int f = 0; f < children.length; f++) {
      children[f] = fields.get(f).eval(input, ctx);
    }
    return new StructVector((StructType) type(), children, input.numRows());
  }
}
