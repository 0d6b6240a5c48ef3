package io.sluice.engine.internal.expr;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.types.DataType;
import java.util.List;

/** A field of a struct-valued expression (null where the struct is null). */
final class GetFieldExpr extends BaseExpr {
  private final BoundExpr struct;
  private final int index;

  GetFieldExpr(BoundExpr struct, int index, DataType type, String name, String sql) {
    super(type, true, name, sql, List.of(struct));
    this.struct = struct;
    this.index = index;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    return ColumnRefExpr.field((StructVector) struct.eval(input, ctx), index, input.numRows());
  }
}
