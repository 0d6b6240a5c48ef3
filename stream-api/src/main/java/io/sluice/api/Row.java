package io.sluice.api;

import io.sluice.api.types.StructType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * One row of values, in the Java representations listed in {@link io.sluice.api.types.DataType}.
 * Immutable. Two rows are equal when their values are equal (binary compared by content), whatever
 * their schemas, so tests can write expected rows with {@link #of(Object...)}.
 */
public final class Row {
  private final StructType schema;
  private final Object[] values;

  private Row(StructType schema, Object[] values) {
    this.schema = schema;
    this.values = values;
  }

  /**
   * A row without a schema.
   *
   * @param values the values
   * @return the row
   */
  public static Row of(Object... values) {
    return new Row(null, values.clone());
  }

  /**
   * A row with a schema, allowing access by field name.
   *
   * @param schema the schema
   * @param values the values, one per field
   * @return the row
   */
  public static Row withSchema(StructType schema, Object... values) {
    return new Row(schema, values.clone());
  }

  /** @return the schema, or null if the row was built without one */
  public StructType schema() {
    return schema;
  }

  /** @return the number of values */
  public int size() {
    return values.length;
  }

  /**
   * Value {@code i}.
   *
   * @param i the index
   * @return the value, may be null
   */
  public Object get(int i) {
    return values[i];
  }

  /**
   * Value of a field by name.
   *
   * @param field the field name
   * @return the value, may be null
   * @throws IllegalArgumentException if the row has no schema or no such field
   */
  public Object get(String field) {
    if (schema == null) {
      throw new IllegalArgumentException("row has no schema; access by index");
    }
    int i = schema.indexOf(field);
    if (i < 0) {
      throw new IllegalArgumentException("no field '" + field + "' in " + schema.fieldNames());
    }
    return values[i];
  }

  /**
   * Whether value {@code i} is null.
   *
   * @param i the index
   * @return true if null
   */
  public boolean isNullAt(int i) {
    return values[i] == null;
  }

  /**
   * Value {@code i} as a long.
   *
   * @param i the index
   * @return the value
   */
  public long getLong(int i) {
    return ((Number) values[i]).longValue();
  }

  /**
   * Value {@code i} as an int.
   *
   * @param i the index
   * @return the value
   */
  public int getInt(int i) {
    return ((Number) values[i]).intValue();
  }

  /**
   * Value {@code i} as a double.
   *
   * @param i the index
   * @return the value
   */
  public double getDouble(int i) {
    return ((Number) values[i]).doubleValue();
  }

  /**
   * Value {@code i} as a boolean.
   *
   * @param i the index
   * @return the value
   */
  public boolean getBoolean(int i) {
    return (Boolean) values[i];
  }

  /**
   * Value {@code i} as a string.
   *
   * @param i the index
   * @return the value
   */
  public String getString(int i) {
    return (String) values[i];
  }

  /**
   * Value {@code i} as a timestamp.
   *
   * @param i the index
   * @return the value
   */
  public Instant getTimestamp(int i) {
    return (Instant) values[i];
  }

  /**
   * Value {@code i} as a date.
   *
   * @param i the index
   * @return the value
   */
  public LocalDate getDate(int i) {
    return (LocalDate) values[i];
  }

  /**
   * Value {@code i} as a nested row.
   *
   * @param i the index
   * @return the value
   */
  public Row getStruct(int i) {
    return (Row) values[i];
  }

  /**
   * Value {@code i} as a list.
   *
   * @param i the index
   * @return the value
   */
  public List<?> getList(int i) {
    return (List<?>) values[i];
  }

  /** @return a copy of the values */
  public Object[] values() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Row r && Arrays.deepEquals(values, r.values);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object v = values[i];
      sb.append(v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v));
    }
    return sb.append(']').toString();
  }
}
