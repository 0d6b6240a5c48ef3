package io.sluice.engine.internal.connectors;

import io.sluice.api.connector.Offset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An offset that counts things made available so far (chunks of a memory stream, rows of the rate
 * source), like Spark's {@code LongOffset}, written as {@code {"<field>":N}}.
 *
 * @param field the JSON field name, e.g. {@code chunks}
 * @param count how many were made available; batch {@code (a, b]} reads items {@code a .. b-1}
 */
public record CountOffset(String field, long count) implements Offset {
  /** Validates the components. */
  public CountOffset {
    if (count < 0) {
      throw new IllegalArgumentException("negative offset " + count);
    }
  }

  @Override
  public String json() {
    return "{\"" + field + "\":" + count + "}";
  }

  /**
   * Reads {@code {"<field>":N}}.
   *
   * @param field the expected field
   * @param json the text
   * @return the offset
   * @throws IllegalArgumentException if the text is not such an offset
   */
  public static CountOffset parse(String field, String json) {
    Matcher m = Pattern.compile("\\s*\\{\\s*\"" + Pattern.quote(field) + "\"\\s*:\\s*(\\d+)\\s*}\\s*")
        .matcher(json);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "Not an offset of the form {\"" + field + "\":N}: " + json);
    }
    return new CountOffset(field, Long.parseLong(m.group(1)));
  }

  /**
   * The count of an offset the engine hands back, which must be one of ours.
   *
   * @param field the expected field
   * @param offset the offset, or null for "before the first batch"
   * @return the count (0 for null)
   * @throws IllegalArgumentException if the offset belongs to another source
   */
  public static long countOf(String field, Offset offset) {
    if (offset == null) {
      return 0;
    }
    if (offset instanceof CountOffset c && c.field.equals(field)) {
      return c.count;
    }
    // An offset read back from the log by another deserializer still has our JSON shape.
    return parse(field, offset.json()).count;
  }

  @Override
  public String toString() {
    return json();
  }
}
