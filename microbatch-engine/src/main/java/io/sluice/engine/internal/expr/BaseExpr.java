package io.sluice.engine.internal.expr;

import io.sluice.api.types.DataType;
import java.util.List;

/** Common state of the bound expressions: type, nullability, naming and children. */
abstract class BaseExpr implements BoundExpr {
  private final DataType type;
  private final boolean nullable;
  private final String name;
  private final String sql;
  /** The sub-expressions, used for constant folding. */
  protected final List<BoundExpr> children;

  BaseExpr(DataType type, boolean nullable, String name, String sql, List<BoundExpr> children) {
    this.type = type;
    this.nullable = nullable;
    this.name = name;
    this.sql = sql;
    this.children = List.copyOf(children);
  }

  @Override
  public final DataType type() {
    return type;
  }

  @Override
  public final boolean nullable() {
    return nullable;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String sql() {
    return sql;
  }

  /**
   * Whether the expression may be evaluated once at analysis time when all children are literals:
   * true unless it depends on the batch (current_timestamp) or acts on the context (from_json).
   */
  boolean foldable() {
    return true;
  }

  @Override
  public String toString() {
    return sql;
  }
}
