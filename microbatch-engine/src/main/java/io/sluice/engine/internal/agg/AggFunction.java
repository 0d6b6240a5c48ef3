package io.sluice.engine.internal.agg;

import io.sluice.api.types.DataType;
import io.sluice.api.types.StructField;
import io.sluice.engine.internal.expr.BoundExpr;
import java.util.List;

/**
 * One resolved aggregate: its result column, its buffer layout, how to finish and merge buffers
 * held as Java values (for state), and a factory for the vectorized {@link AggState}. Immutable.
 */
abstract class AggFunction {
  private final String name;
  private final DataType resultType;
  private final boolean resultNullable;
  private final List<StructField> bufferFields;
  private final BoundExpr[] args;

  /**
   * @param name the result column name
   * @param resultType the result type
   * @param resultNullable whether the result may be null
   * @param bufferFields the buffer's fields
   * @param args the bound arguments
   */
  AggFunction(String name, DataType resultType, boolean resultNullable,
      List<StructField> bufferFields, BoundExpr[] args) {
    this.name = name;
    this.resultType = resultType;
    this.resultNullable = resultNullable;
    this.bufferFields = List.copyOf(bufferFields);
    this.args = args.clone();
  }

  final String name() {
    return name;
  }

  final DataType resultType() {
    return resultType;
  }

  final boolean resultNullable() {
    return resultNullable;
  }

  final List<StructField> bufferFields() {
    return bufferFields;
  }

  final int bufferSize() {
    return bufferFields.size();
  }

  final BoundExpr[] args() {
    return args;
  }

  /**
   * Finishes a buffer.
   *
   * @param buffer the flat buffer of all aggregates
   * @param offset where this aggregate's values start
   * @return the result value
   */
  abstract Object finish(List<Object> buffer, int offset);

  /**
   * Merges two buffers and appends the merged values to {@code out}.
   *
   * @param a the earlier buffer (arrival order matters for first/last/collect_list)
   * @param b the later buffer
   * @param offset where this aggregate's values start in {@code a} and {@code b}
   * @param out receives {@link #bufferSize()} values
   */
  abstract void merge(List<Object> a, List<Object> b, int offset, List<Object> out);

  /** @return empty vectorized buffers for a new aggregator */
  abstract AggState newState();
}
