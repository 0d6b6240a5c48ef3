package io.sluice.api.data;

import io.sluice.api.types.ArrayType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A vector of arrays: the elements of all rows in one child vector, and an offsets array marking
 * where each row's elements start.
 */
public final class ArrayVector extends ColumnVector {
  private final ColumnVector elements;
  private int[] offsets;

  /**
   * Creates an empty vector.
   *
   * @param type the array type
   * @param capacity the expected number of rows
   */
  public ArrayVector(ArrayType type, int capacity) {
    super(type);
    this.elements = ColumnVector.allocate(type.elementType(), capacity * 4);
    this.offsets = new int[Math.max(capacity, 4) + 1];
  }

  /** @return the vector of all elements */
  public ColumnVector elements() {
    return elements;
  }

  /**
   * Start of row {@code i}'s elements in {@link #elements()}.
   *
   * @param i the row
   * @return the offset
   */
  public int offset(int i) {
    return offsets[i];
  }

  /**
   * Number of elements in row {@code i}.
   *
   * @param i the row
   * @return the length
   */
  public int length(int i) {
    return offsets[i + 1] - offsets[i];
  }

  /**
   * Completes a row whose elements were appended directly to {@link #elements()}.
   */
  public void appendRowFromElements() {
    if (size + 1 >= offsets.length) {
      offsets = Arrays.copyOf(offsets, grow(offsets.length, size + 2));
    }
    offsets[size + 1] = elements.size();
    size++;
  }

  @Override
  protected void appendDefault() {
    appendRowFromElements();
  }

  @Override
  protected void appendValueFrom(ColumnVector source, int i) {
    ArrayVector s = (ArrayVector) source;
    for (int k = s.offsets[i]; k < s.offsets[i + 1]; k++) {
      elements.appendFrom(s.elements, k);
    }
    appendRowFromElements();
  }

  @Override
  protected void appendNonNullObject(Object value) {
    for (Object o : (List<?>) value) {
      elements.appendObject(o);
    }
    appendRowFromElements();
  }

  @Override
  protected Object getNonNullObject(int i) {
    List<Object> out = new ArrayList<>(length(i));
    for (int k = offsets[i]; k < offsets[i + 1]; k++) {
      out.add(elements.getObject(k));
    }
    return out;
  }

  @Override
  protected int capacityHint() {
    return offsets.length;
  }
}
