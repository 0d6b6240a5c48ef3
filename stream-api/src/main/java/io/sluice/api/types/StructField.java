package io.sluice.api.types;

import java.util.Objects;

/**
 * A named, typed field of a {@link StructType}.
 *
 * @param name the field name (case-sensitive in storage, resolved case-insensitively in queries)
 * @param type the type
 * @param nullable whether the field may be null
 */
public record StructField(String name, DataType type, boolean nullable) {
  /** Validates the components. */
  public StructField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /**
   * Returns a copy with another name.
   *
   * @param newName the name
   * @return the renamed field
   */
  public StructField withName(String newName) {
    return new StructField(newName, type, nullable);
  }

  /**
   * Returns a copy with another nullability.
   *
   * @param newNullable whether nulls are allowed
   * @return the copy
   */
  public StructField withNullable(boolean newNullable) {
    return new StructField(name, type, newNullable);
  }

  @Override
  public String toString() {
    return name + ":" + type.simpleString() + (nullable ? "" : " not null");
  }
}
