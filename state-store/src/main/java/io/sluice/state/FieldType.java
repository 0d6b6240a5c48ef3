package io.sluice.state;

/** Types of the fields of state keys and values, and the Java class a field's values have. */
public enum FieldType {
  /** {@link Boolean}. */
  BOOLEAN(Boolean.class),
  /** {@link Integer}. */
  INT(Integer.class),
  /** {@link Long}; also event times (epoch milliseconds) and window bounds. */
  LONG(Long.class),
  /** {@link Double}. */
  DOUBLE(Double.class),
  /** {@link String}. */
  STRING(String.class),
  /** {@code byte[]}. */
  BYTES(byte[].class);

  private final Class<?> javaType;

  FieldType(Class<?> javaType) {
    this.javaType = javaType;
  }

  /** @return the class of this type's values */
  public Class<?> javaType() {
    return javaType;
  }
}
