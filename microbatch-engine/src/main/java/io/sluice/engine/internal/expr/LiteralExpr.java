package io.sluice.engine.internal.expr;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataType;
import java.util.List;

/**
 * A constant. It is held as a one-row vector and broadcast by copying that value into a vector of
 * the batch's size, without boxing; the broadcast vector is cached and reused for batches of the
 * same size (vectors are immutable once handed on).
 */
final class LiteralExpr extends BaseExpr {
  private final ColumnVector single;
  private volatile ColumnVector cached;

  private LiteralExpr(ColumnVector single, String name, String sql) {
    super(single.type(), single.isNull(0), name, sql, List.of());
    this.single = single;
  }

  static LiteralExpr of(Object value, DataType type, String name, String sql) {
    ColumnVector v = ColumnVector.allocate(type, 1);
    try {
      v.appendObject(value);
    } catch (ClassCastException | IllegalArgumentException e) {
      throw new AnalysisException("Literal " + value + " of " + value.getClass().getSimpleName()
          + " does not match its type " + type.simpleString());
    }
    return new LiteralExpr(v, name, sql);
  }

  /**
   * Wraps row {@code row} of a vector (a folded constant).
   *
   * @param vector the vector
   * @param row the row
   * @return the literal
   */
  static LiteralExpr fromVector(ColumnVector vector, int row, String name, String sql) {
    ColumnVector v = ColumnVector.allocate(vector.type(), 1);
    v.appendFrom(vector, row);
    return new LiteralExpr(v, name, sql);
  }

  /** @return the one-row vector holding the value */
  ColumnVector single() {
    return single;
  }

  /** @return true for the null literal (of any type) */
  boolean isNull() {
    return single.isNull(0);
  }

  /** @return the value boxed (analysis time only) */
  Object value() {
    return single.getObject(0);
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    return broadcast(input.numRows());
  }

  ColumnVector broadcast(int n) {
    ColumnVector c = cached;
    if (c != null && c.size() == n) {
      return c;
    }
    c = ColumnVector.allocate(type(), n);
    for (int i = 0; i < n; i++) {
      c.appendFrom(single, 0);
    }
    cached = c;
    return c;
  }
}
