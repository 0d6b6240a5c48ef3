package io.sluice.lakehouse.internal;

import io.sluice.api.AnalysisException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;

/**
 * Parses the {@code partitionBy} option: comma-separated transforms as Spark SQL writes them,
 * {@code col}, {@code identity(col)}, {@code years(ts)}, {@code months(ts)}, {@code days(ts)},
 * {@code hours(ts)}, {@code bucket(n, col)}, {@code truncate(width, col)}.
 */
public final class PartitionSpecs {
  private static final Pattern CALL = Pattern.compile("(\\w+)\\s*\\(\\s*([^)]*)\\)");

  private PartitionSpecs() {}

  /**
   * Splits the option into transform terms, checking their syntax only.
   *
   * @param text the option value, may be null or blank
   * @return the terms
   * @throws AnalysisException for a malformed term
   */
  public static List<String> terms(String text) {
    List<String> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    int depth = 0;
    StringBuilder cur = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        out.add(cur.toString().trim());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString().trim());
    for (String t : out) {
      if (t.isEmpty() || !(t.matches("\\w+") || CALL.matcher(t).matches())) {
        throw new AnalysisException("Invalid partitionBy term '" + t + "' in '" + text
            + "': expected col, days(ts), hours(ts), months(ts), years(ts), bucket(n, col) or truncate(w, col)");
      }
    }
    return out;
  }

  /**
   * Builds the partition spec of a new table.
   *
   * @param text the option value
   * @param schema the table schema
   * @return the spec (unpartitioned if the option is empty)
   * @throws AnalysisException naming a bad term or an unknown column
   */
  public static PartitionSpec parse(String text, Schema schema) {
    List<String> terms = terms(text);
    if (terms.isEmpty()) {
      return PartitionSpec.unpartitioned();
    }
    PartitionSpec.Builder b = PartitionSpec.builderFor(schema);
    for (String t : terms) {
      try {
        if (t.matches("\\w+")) {
          b.identity(column(schema, t));
          continue;
        }
        Matcher m = CALL.matcher(t);
        m.matches();
        String fn = m.group(1).toLowerCase(Locale.ROOT);
        String[] args = m.group(2).split(",");
        for (int i = 0; i < args.length; i++) {
          args[i] = args[i].trim();
        }
        switch (fn) {
          case "identity" -> b.identity(column(schema, args[0]));
          case "years", "year" -> b.year(column(schema, args[0]));
          case "months", "month" -> b.month(column(schema, args[0]));
          case "days", "day" -> b.day(column(schema, args[0]));
          case "hours", "hour" -> b.hour(column(schema, args[0]));
          case "bucket" -> b.bucket(column(schema, args[1]), Integer.parseInt(args[0]));
          case "truncate" -> b.truncate(column(schema, args[1]), Integer.parseInt(args[0]));
          default -> throw new AnalysisException("Unknown partition transform '" + fn + "' in '" + t
              + "': expected identity, years, months, days, hours, bucket or truncate");
        }
      } catch (AnalysisException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new AnalysisException("Invalid partitionBy term '" + t + "': " + e.getMessage(), e);
      }
    }
    try {
      return b.build();
    } catch (RuntimeException e) {
      throw new AnalysisException("Invalid partitionBy '" + text + "': " + e.getMessage(), e);
    }
  }

  private static String column(Schema schema, String name) {
    var f = Schemas.findField(schema.asStruct(), name);
    if (f == null) {
      throw new AnalysisException("partitionBy names column '" + name + "', which the query does not have; columns: "
          + schema.asStruct().fields().stream().map(x -> x.name()).toList());
    }
    return f.name();
  }
}
