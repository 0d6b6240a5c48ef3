package io.sluice.engine.internal.expr;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import java.util.List;

/** Renames its child's output column; evaluates to the child's vector. */
final class AliasExpr extends BaseExpr {
  private final BoundExpr child;

  AliasExpr(BoundExpr child, String alias, String sql) {
    super(child.type(), child.nullable(), alias, sql, List.of(child));
    this.child = child;
  }

  BoundExpr child() {
    return child;
  }

  @Override
  boolean foldable() {
    return false; // keep the alias visible; the child is folded already
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    return child.eval(input, ctx);
  }
}
