package io.sluice.api.data;

import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import java.util.Arrays;

/** A vector of {@code double} values. */
public final class DoubleVector extends ColumnVector {
  private double[] values;

  /**
   * Creates an empty vector.
   *
   * @param capacity the initial capacity
   */
  public DoubleVector(int capacity) {
    super(DataTypes.DOUBLE);
    this.values = new double[Math.max(capacity, 4)];
  }

  /**
   * Returns value {@code i}; meaningless if {@link #isNull(int)}.
   *
   * @param i the index
   * @return the value
   */
  public double get(int i) {
    return values[i];
  }

  /**
   * Overwrites value {@code i}, which must have been appended.
   *
   * @param i the index
   * @param v the value
   */
  public void set(int i, double v) {
    values[i] = v;
  }

  /**
   * Appends a value.
   *
   * @param v the value
   */
  public void append(double v) {
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
  public double[] values() {
    return values;
  }

  @Override
  protected void appendDefault() {
    append((double) 0);
  }

  @Override
  protected void appendValueFrom(ColumnVector source, int i) {
    append(((DoubleVector) source).values[i]);
  }

  @Override
  protected void appendNonNullObject(Object value) {
    append(((Number) value).doubleValue());
  }

  @Override
  protected Object getNonNullObject(int i) {
    return values[i];
  }

  @Override
  protected int capacityHint() {
    return values.length;
  }
}
