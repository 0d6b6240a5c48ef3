package io.sluice.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Encodes composite keys of fixed field types with {@link OrderedBytes}, so the byte order of the
 * keys is the natural order of their fields, first field first. With an event-time bucket as first
 * field, {@code rangeScan(null, encodePrefix(List.of(watermark)))} reads exactly the keys whose
 * bucket is below the watermark (and those whose bucket is null).
 */
public final class KeyEncoder {
  private final List<FieldType> types;

  /**
   * Creates an encoder.
   *
   * @param types the field types, in key order, at least one
   * @throws IllegalArgumentException if {@code types} is empty
   */
  public KeyEncoder(List<FieldType> types) {
    this.types = List.copyOf(types);
    if (this.types.isEmpty()) {
      throw new IllegalArgumentException("a key needs at least one field");
    }
  }

  /**
   * Creates the encoder of a schema's key.
   *
   * @param schema the schema
   * @return the encoder
   */
  public static KeyEncoder of(StateSchema schema) {
    return new KeyEncoder(schema.keyFields().stream().map(StateField::type).toList());
  }

  /** @return the field types */
  public List<FieldType> types() {
    return types;
  }

  /**
   * Encodes a whole key.
   *
   * @param values one value per field, of the field's {@link FieldType#javaType()}, or null
   * @return the encoding
   * @throws IllegalArgumentException if the number of values or a value's class is wrong
   */
  public byte[] encode(List<?> values) {
    if (values.size() != types.size()) {
      throw new IllegalArgumentException(
          "key has " + types.size() + " fields, got " + values.size() + " values");
    }
    return encodePrefix(values);
  }

  /**
   * Encodes the leading fields of a key: a byte prefix of every key starting with those values,
   * and, as an exclusive upper bound, greater than every key whose leading fields are smaller.
   *
   * @param values values of the first {@code values.size()} fields
   * @return the encoding
   * @throws IllegalArgumentException if there are too many values or a value's class is wrong
   */
  public byte[] encodePrefix(List<?> values) {
    Objects.requireNonNull(values, "values");
    if (values.size() > types.size()) {
      throw new IllegalArgumentException(
          "key has " + types.size() + " fields, got " + values.size() + " values");
    }
    OrderedBytes.Writer w = new OrderedBytes.Writer();
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      FieldType t = types.get(i);
      if (v == null) {
        w.writeNull();
        continue;
      }
      if (!t.javaType().isInstance(v)) {
        throw new IllegalArgumentException(
            "key field " + i + " is " + t + ", got " + v.getClass().getSimpleName());
      }
      switch (t) {
        case BOOLEAN -> w.writeBoolean((Boolean) v);
        case INT -> w.writeInt((Integer) v);
        case LONG -> w.writeLong((Long) v);
        case DOUBLE -> w.writeDouble((Double) v);
        case STRING -> w.writeString((String) v);
        case BYTES -> w.writeBytes((byte[]) v);
        default -> throw new AssertionError(t);
      }
    }
    return w.toByteArray();
  }

  /**
   * Decodes a key.
   *
   * @param key an encoding made by this encoder
   * @return the values, nulls included (an unmodifiable list)
   * @throws IllegalArgumentException if the bytes are not such an encoding
   */
  public List<Object> decode(byte[] key) {
    OrderedBytes.Reader r = new OrderedBytes.Reader(key);
    List<Object> out = new ArrayList<>(types.size());
    for (FieldType t : types) {
      if (r.readNull()) {
        out.add(null);
        continue;
      }
      out.add(
          switch (t) {
            case BOOLEAN -> r.readBoolean();
            case INT -> r.readInt();
            case LONG -> r.readLong();
            case DOUBLE -> r.readDouble();
            case STRING -> r.readString();
            case BYTES -> r.readBytes();
          });
    }
    if (!r.atEnd()) {
      throw new IllegalArgumentException("extra bytes after the key's " + types.size() + " fields");
    }
    return Collections.unmodifiableList(out);
  }
}
