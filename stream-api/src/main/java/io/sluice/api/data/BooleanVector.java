package io.sluice.api.data;

import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import java.util.Arrays;

/** A vector of {@code boolean} values. */
public final class BooleanVector extends ColumnVector {
  private boolean[] values;

  /**
   * Creates an empty vector.
   *
   * @param capacity the initial capacity
   */
  public BooleanVector(int capacity) {
    super(DataTypes.BOOLEAN);
    this.values = new boolean[Math.max(capacity, 4)];
  }

  /**
   * Returns value {@code i}; meaningless if {@link #isNull(int)}.
   *
   * @param i the index
   * @return the value
   */
  public boolean get(int i) {
    return values[i];
  }

  /**
   * Overwrites value {@code i}, which must have been appended.
   *
   * @param i the index
   * @param v the value
   */
  public void set(int i, boolean v) {
    values[i] = v;
  }

  /**
   * Appends a value.
   *
   * @param v the value
   */
  public void append(boolean v) {
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
  public boolean[] values() {
    return values;
  }

  @Override
  protected void appendDefault() {
    append(false);
  }

  @Override
  protected void appendValueFrom(ColumnVector source, int i) {
    append(((BooleanVector) source).values[i]);
  }

  @Override
  protected void appendNonNullObject(Object value) {
    append((Boolean) value);
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
