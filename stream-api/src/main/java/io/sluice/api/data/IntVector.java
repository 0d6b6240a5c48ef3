package io.sluice.api.data;

import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import java.util.Arrays;

/** A vector of {@code int} values (int, or date as days since the epoch). */
public final class IntVector extends ColumnVector {
  private int[] values;

  /**
   * Creates an empty vector.
   *
   * @param type {@code int} or {@code date}
   * @param capacity the initial capacity
   */
  public IntVector(DataType type, int capacity) {
    super(type);
    this.values = new int[Math.max(capacity, 4)];
  }

  /**
   * Returns value {@code i}; meaningless if {@link #isNull(int)}.
   *
   * @param i the index
   * @return the value
   */
  public int get(int i) {
    return values[i];
  }

  /**
   * Overwrites value {@code i}, which must have been appended.
   *
   * @param i the index
   * @param v the value
   */
  public void set(int i, int v) {
    values[i] = v;
  }

  /**
   * Appends a value.
   *
   * @param v the value
   */
  public void append(int v) {
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
  public int[] values() {
    return values;
  }

  @Override
  protected void appendDefault() {
    append(0);
  }

  @Override
  protected void appendValueFrom(ColumnVector source, int i) {
    append(((IntVector) source).values[i]);
  }

  @Override
  protected void appendNonNullObject(Object value) {
    append(value instanceof java.time.LocalDate d ? (int) d.toEpochDay() : ((Number) value).intValue());
  }

  @Override
  protected Object getNonNullObject(int i) {
    return type == DataTypes.DATE ? java.time.LocalDate.ofEpochDay(values[i]) : (Object) values[i];
  }

  @Override
  protected int capacityHint() {
    return values.length;
  }
}
