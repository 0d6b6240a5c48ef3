package io.sluice.api.types;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A schema: an ordered list of fields. Immutable. Lookups by name are case-insensitive, as in Spark
 * with its default settings.
 */
public final class StructType implements DataType {
  private final List<StructField> fields;

  /**
   * Creates a struct.
   *
   * @param fields the fields, in order
   */
  public StructType(List<StructField> fields) {
    this.fields = List.copyOf(fields);
  }

  /** @return the empty struct */
  public static StructType empty() {
    return new StructType(Collections.emptyList());
  }

  /** @return the fields, in order */
  public List<StructField> fields() {
    return fields;
  }

  /** @return the number of fields */
  public int size() {
    return fields.size();
  }

  /**
   * Returns field {@code i}.
   *
   * @param i the index
   * @return the field
   */
  public StructField field(int i) {
    return fields.get(i);
  }

  /** @return the field names, in order */
  public List<String> fieldNames() {
    return fields.stream().map(StructField::name).collect(Collectors.toList());
  }

  /**
   * Finds a field's index by name, exact match first, then case-insensitive.
   *
   * @param name the name
   * @return the index, or -1
   */
  public int indexOf(String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().toLowerCase(Locale.ROOT).equals(lower)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Finds a field by name.
   *
   * @param name the name
   * @return the field, if present
   */
  public Optional<StructField> find(String name) {
    int i = indexOf(name);
    return i < 0 ? Optional.empty() : Optional.of(fields.get(i));
  }

  /**
   * Returns a struct with one more field.
   *
   * @param name the field name
   * @param type the type
   * @return the new struct
   */
  public StructType add(String name, DataType type) {
    return add(new StructField(name, type, true));
  }

  /**
   * Returns a struct with one more field.
   *
   * @param field the field
   * @return the new struct
   */
  public StructType add(StructField field) {
    List<StructField> copy = new ArrayList<>(fields);
    copy.add(field);
    return new StructType(copy);
  }

  @Override
  public String simpleString() {
    return fields.stream()
        .map(f -> f.name() + ":" + f.type().simpleString())
        .collect(Collectors.joining(",", "struct<", ">"));
  }

  /** @return a tree rendering like Spark's {@code printSchema()} */
  public String treeString() {
    StringBuilder sb = new StringBuilder("root\n");
    appendTree(sb, this, " |-- ");
    return sb.toString();
  }

  private static void appendTree(StringBuilder sb, StructType st, String prefix) {
    for (StructField f : st.fields) {
      DataType t = f.type();
      sb.append(prefix).append(f.name()).append(": ")
          .append(t instanceof StructType ? "struct" : t.simpleString())
          .append(" (nullable = ").append(f.nullable()).append(")\n");
      if (t instanceof StructType nested) {
        appendTree(sb, nested, " |   " + prefix);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StructType s) || s.fields.size() != fields.size()) {
      return false;
    }
    for (int i = 0; i < fields.size(); i++) {
      StructField a = fields.get(i);
      StructField b = s.fields.get(i);
      if (!a.name().equals(b.name()) || !a.type().equals(b.type())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Objects.hash(fieldNames());
  }

  @Override
  public String toString() {
    return simpleString();
  }
}
