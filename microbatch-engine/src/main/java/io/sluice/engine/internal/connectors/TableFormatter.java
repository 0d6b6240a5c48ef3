package io.sluice.engine.internal.connectors;

import io.sluice.api.Row;
import io.sluice.api.types.StructType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders rows as a text table the way Spark's {@code Dataset.show()} does, so console output looks
 * the same in both:
 *
 * <pre>
 * +----+---+
 * |name|  n|
 * +----+---+
 * |   a|  1|
 * +----+---+
 * only showing top 1 row
 * </pre>
 *
 * <p>Alignment follows Spark: with truncation on, cells and headers are right-aligned; with
 * truncation off, left-aligned. Truncation cuts a cell longer than 20 characters to its first 17
 * plus {@code ...}. Cells: {@code null} for null; timestamps as {@code yyyy-MM-dd HH:mm:ss} in UTC
 * with the fraction of a second, if any, without trailing zeros; dates ISO; binary as hex bytes
 * {@code [0A FF]}; arrays {@code [a, b]}; structs {@code {a, 1}}; line breaks and tabs escaped as
 * {@code \n}, {@code \r}, {@code \t} so a row stays on one line. Columns are at least 3 wide.
 */
public final class TableFormatter {
  /** The cell width beyond which truncation cuts, as in Spark. */
  public static final int TRUNCATE_WIDTH = 20;
  private static final int MIN_COLUMN_WIDTH = 3;
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private TableFormatter() {}

  /**
   * Renders a table.
   *
   * @param schema the schema, for the header
   * @param rows the rows to show; if there are more than {@code numRows}, only the first
   *     {@code numRows} are shown, followed by {@code only showing top N rows}
   * @param numRows the most rows to show, positive
   * @param truncate whether to truncate long cells (and right-align)
   * @return the table, each line ending with {@code \n}
   */
  public static String format(StructType schema, List<Row> rows, int numRows, boolean truncate) {
    int shown = Math.min(rows.size(), numRows);
    List<String[]> cells = new ArrayList<>(shown + 1);
    String[] header = new String[schema.size()];
    for (int c = 0; c < header.length; c++) {
      header[c] = cell(schema.field(c).name(), truncate);
    }
    cells.add(header);
    for (int r = 0; r < shown; r++) {
      Row row = rows.get(r);
      String[] line = new String[header.length];
      for (int c = 0; c < line.length; c++) {
        line[c] = cell(toDisplayString(row.get(c)), truncate);
      }
      cells.add(line);
    }
    int[] widths = new int[header.length];
    for (String[] line : cells) {
      for (int c = 0; c < widths.length; c++) {
        widths[c] = Math.max(Math.max(widths[c], MIN_COLUMN_WIDTH), line[c].length());
      }
    }

    StringBuilder sep = new StringBuilder("+");
    for (int w : widths) {
      sep.append("-".repeat(w)).append('+');
    }
    sep.append('\n');
    StringBuilder sb = new StringBuilder(sep);
    for (int i = 0; i < cells.size(); i++) {
      String[] line = cells.get(i);
      sb.append('|');
      for (int c = 0; c < widths.length; c++) {
        String pad = " ".repeat(widths[c] - line[c].length());
        sb.append(truncate ? pad + line[c] : line[c] + pad).append('|');
      }
      sb.append('\n');
      if (i == 0) {
        sb.append(sep);
      }
    }
    sb.append(sep);
    if (rows.size() > numRows) {
      sb.append("only showing top ").append(numRows).append(numRows == 1 ? " row\n" : " rows\n");
    }
    return sb.toString();
  }

  private static String cell(String text, boolean truncate) {
    String s = escape(text);
    if (truncate && s.length() > TRUNCATE_WIDTH) {
      return s.substring(0, TRUNCATE_WIDTH - 3) + "...";
    }
    return s;
  }

  private static String escape(String s) {
    if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && s.indexOf('\t') < 0) {
      return s;
    }
    return s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }

  /**
   * A value as shown in a cell (before truncation).
   *
   * @param value a value in its Java representation, or null
   * @return the text
   */
  public static String toDisplayString(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof Instant t) {
      return formatTimestamp(t);
    } else if (value instanceof byte[] bytes) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < bytes.length; i++) {
        if (i > 0) {
          sb.append(' ');
        }
        sb.append(String.format("%02X", bytes[i] & 0xff));
      }
      return sb.append(']').toString();
    } else if (value instanceof List<?> list) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        sb.append(toDisplayString(list.get(i)));
      }
      return sb.append(']').toString();
    } else if (value instanceof Row row) {
      StringBuilder sb = new StringBuilder("{");
      for (int i = 0; i < row.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        sb.append(toDisplayString(row.get(i)));
      }
      return sb.append('}').toString();
    }
    return value.toString();
  }

  /**
   * Formats a timestamp as {@code yyyy-MM-dd HH:mm:ss[.fraction]} in UTC, the fraction (up to
   * microseconds) without trailing zeros.
   *
   * @param t the instant
   * @return the text
   */
  public static String formatTimestamp(Instant t) {
    String s = SECONDS.format(t);
    int micros = t.getNano() / 1000;
    if (micros == 0) {
      return s;
    }
    String fraction = String.format("%06d", micros);
    int end = fraction.length();
    while (fraction.charAt(end - 1) == '0') {
      end--;
    }
    return s + "." + fraction.substring(0, end);
  }
}
