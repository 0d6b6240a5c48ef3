package io.sluice.api.types;

import java.util.Objects;

/**
 * An array of elements of one type.
 *
 * @param elementType the element type
 * @param containsNull whether elements may be null
 */
public record ArrayType(DataType elementType, boolean containsNull) implements DataType {
  /** Validates the components. */
  public ArrayType {
    Objects.requireNonNull(elementType, "elementType");
  }

  @Override
  public String simpleString() {
    return "array<" + elementType.simpleString() + ">";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArrayType a && a.elementType.equals(elementType);
  }

  @Override
  public int hashCode() {
    return elementType.hashCode() * 31 + 7;
  }

  @Override
  public String toString() {
    return simpleString();
  }
}
