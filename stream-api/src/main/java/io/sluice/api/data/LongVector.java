package io.sluice.api.data;

import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import java.util.Arrays;

/** A vector of {@code long} values (bigint, or timestamp as microseconds since the epoch). */
public final class LongVector extends ColumnVector {
  private long[] values;

  /**
   * Creates an empty vector.
   *
   * @param type {@code bigint} or {@code timestamp}
   * @param capacity the initial capacity
   */
  public LongVector(DataType type, int capacity) {
    super(type);
    this.values = new long[Math.max(capacity, 4)];
  }

  /**
   * Returns value {@code i}; meaningless if {@link #isNull(int)}.
   *
   * @param i the index
   * @return the value
   */
  public long get(int i) {
    return values[i];
  }

  /**
   * Overwrites value {@code i}, which must have been appended.
   *
   * @param i the index
   * @param v the value
   */
  public void set(int i, long v) {
    values[i] = v;
  }

  /**
   * Appends a value.
   *
   * @param v the value
   */
  public void append(long v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, grow(values.length, size + 1));
    }
    values[size++] = v;
  }

  /**
   * The backing array, valid for indices below {@link #size()}. For vectorized loops.
   *
   * @return the array (not a copy)
   */
  public long[] values() {
    return values;
  }

  @Override
  protected void appendDefault() {
    append((long) 0);
  }

  @Override
  protected void appendValueFrom(ColumnVector source, int i) {
    append(((LongVector) source).values[i]);
  }

  @Override
  protected void appendNonNullObject(Object value) {
    append(value instanceof java.time.Instant t ? io.sluice.api.data.Timestamps.toMicros(t) : ((Number) value).longValue());
  }

  @Override
  protected Object getNonNullObject(int i) {
    return type == DataTypes.TIMESTAMP ? io.sluice.api.data.Timestamps.fromMicros(values[i]) : (Object) values[i];
  }

  @Override
  protected int capacityHint() {
    return values.length;
  }
}
