package io.sluice.api.data;

import io.sluice.api.Row;
import io.sluice.api.types.StructType;

/**
 * A vector of structs, stored as one child vector per field. A null struct has a null flag here;
 * its children hold placeholder nulls at the same index.
 */
public final class StructVector extends ColumnVector {
  private final ColumnVector[] children;
  private int capacity;

  /**
   * Creates an empty vector.
   *
   * @param type the struct type
   * @param capacity the expected number of values
   */
  public StructVector(StructType type, int capacity) {
    super(type);
    this.capacity = capacity;
    this.children = new ColumnVector[type.size()];
    for (int i = 0; i < children.length; i++) {
      children[i] = ColumnVector.allocate(type.field(i).type(), capacity);
    }
  }

  /**
   * Wraps existing child vectors (all of the same size) as a struct vector without nulls.
   *
   * @param type the struct type
   * @param children the field vectors
   * @param size the number of rows
   */
  public StructVector(StructType type, ColumnVector[] children, int size) {
    super(type);
    this.children = children.clone();
    this.size = size;
    this.capacity = size;
  }

  /** @return the struct type */
  public StructType structType() {
    return (StructType) type;
  }

  /**
   * The vector of field {@code i}.
   *
   * @param i the field index
   * @return the child vector
   */
  public ColumnVector child(int i) {
    return children[i];
  }

  /**
   * Completes a row whose fields were appended directly to the children.
   */
  public void appendRowFromChildren() {
    size++;
    capacity = Math.max(capacity, size);
  }

  @Override
  protected void appendDefault() {
    for (ColumnVector c : children) {
      c.appendNull();
    }
    size++;
    capacity = Math.max(capacity, size);
  }

  @Override
  protected void appendValueFrom(ColumnVector source, int i) {
    StructVector s = (StructVector) source;
    for (int f = 0; f < children.length; f++) {
      children[f].appendFrom(s.children[f], i);
    }
    size++;
    capacity = Math.max(capacity, size);
  }

  @Override
  protected void appendNonNullObject(Object value) {
    Row row = (Row) value;
    for (int f = 0; f < children.length; f++) {
      children[f].appendObject(row.get(f));
    }
    size++;
    capacity = Math.max(capacity, size);
  }

  @Override
  protected Object getNonNullObject(int i) {
    Object[] values = new Object[children.length];
    for (int f = 0; f < children.length; f++) {
      values[f] = children[f].getObject(i);
    }
    return Row.withSchema(structType(), values);
  }

  @Override
  protected int capacityHint() {
    return Math.max(capacity, size + 16);
  }
}
