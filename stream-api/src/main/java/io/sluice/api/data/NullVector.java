package io.sluice.api.data;

import io.sluice.api.types.DataTypes;

/** A vector of the null type: every value is null. */
public final class NullVector extends ColumnVector {
  /** Creates an empty vector. */
  public NullVector() {
    super(DataTypes.NULL);
  }

  @Override
  protected void appendDefault() {
    size++;
  }

  @Override
  protected void appendValueFrom(ColumnVector source, int i) {
    appendNull();
  }

  @Override
  protected void appendNonNullObject(Object value) {
    throw new IllegalArgumentException("the null type holds only nulls");
  }

  @Override
  protected Object getNonNullObject(int i) {
    return null;
  }

  @Override
  protected int capacityHint() {
    return size + 16;
  }
}
