package io.sluice.state;

import java.util.Objects;

/**
 * One field of a state key or value.
 *
 * @param name the field name, a valid Avro name ({@code [A-Za-z_][A-Za-z0-9_]*})
 * @param type the type
 * @param nullable whether null is allowed
 * @param hasDefault whether the field has a default; a value field added to an existing state
 *     schema needs one, so values written before the change can be read
 * @param defaultValue the default (of {@link FieldType#javaType()}), or null
 */
public record StateField(
    String name, FieldType type, boolean nullable, boolean hasDefault, Object defaultValue) {

  /**
   * Validates the field.
   *
   * @throws IllegalArgumentException if the name is not a valid name, the default has the wrong
   *     type, or is null for a non-nullable field
   */
  public StateField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("State field name '" + name + "' must match [A-Za-z_][A-Za-z0-9_]*");
    }
    if (hasDefault) {
      if (defaultValue == null && !nullable) {
        throw new IllegalArgumentException("Field '" + name + "' is not nullable; its default cannot be null");
      }
      if (defaultValue != null && !type.javaType().isInstance(defaultValue)) {
        throw new IllegalArgumentException(
            "Default of field '" + name + "' must be a " + type.javaType().getSimpleName());
      }
    } else if (defaultValue != null) {
      throw new IllegalArgumentException("Field '" + name + "' has a default value but hasDefault is false");
    }
  }

  /**
   * A non-nullable field without default.
   *
   * @param name the name
   * @param type the type
   * @return the field
   */
  public static StateField required(String name, FieldType type) {
    return new StateField(name, type, false, false, null);
  }

  /**
   * A nullable field whose default is null: the usual way to add a field to existing state.
   *
   * @param name the name
   * @param type the type
   * @return the field
   */
  public static StateField optional(String name, FieldType type) {
    return new StateField(name, type, true, true, null);
  }

  /**
   * Returns a copy with a default value.
   *
   * @param value the default, of {@link FieldType#javaType()}; null only for a nullable field
   * @return the field
   */
  public StateField withDefault(Object value) {
    return new StateField(name, type, nullable, true, value);
  }
}
