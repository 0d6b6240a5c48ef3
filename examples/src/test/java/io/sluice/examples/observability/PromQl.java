package io.sluice.examples.observability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Just enough of PromQL and of the Prometheus text format to check a dashboard against a scrape:
 * the metric names and label matchers of an expression, and the series of an exposition.
 */
final class PromQl {
  private PromQl() {}

  /** Keywords, operators and aggregators that read like identifiers but never name a metric. */
  private static final Set<String> KEYWORDS = Set.of(
      "and", "or", "unless", "bool", "offset", "inf", "nan",
      "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
      "bottomk", "topk", "quantile", "limitk", "limit_ratio");

  /** Modifiers followed by a parenthesised list of label names. */
  private static final Set<String> LABEL_LISTS = Set.of(
      "by", "without", "on", "ignoring", "group_left", "group_right");

  /** One label matcher of a selector: {@code label op "value"}. */
  record Matcher(String label, String op, String value) {}

  /** A vector selector: the metric name and its label matchers. */
  record Selector(String metric, List<Matcher> matchers) {}

  /**
   * The metric names an expression selects: identifiers that are not functions (followed by
   * {@code (}), keywords, aggregators, label names (inside {@code {...}} or {@code by (...)}),
   * durations, string literals or Grafana variables.
   *
   * @param expr a PromQL expression, possibly with Grafana variables ({@code $query})
   * @return the metric names, in order of first appearance
   */
  static Set<String> metricNames(String expr) {
    Set<String> names = new LinkedHashSet<>();
    for (Selector s : selectors(expr)) {
      names.add(s.metric());
    }
    return names;
  }

  /**
   * The vector selectors of an expression, each with the label matchers in braces right after
   * its metric name.
   *
   * @param expr a PromQL expression, possibly with Grafana variables
   * @return the selectors, in order
   */
  static List<Selector> selectors(String expr) {
    List<Selector> out = new ArrayList<>();
    int n = expr.length();
    int i = 0;
    while (i < n) {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(expr, i);
      } else if (c == '#') {
        while (i < n && expr.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '{') {
        // Matchers without a metric name before them ({__name__=~"..."}): not a named metric.
        i = skipBalanced(expr, i, '{', '}');
      } else if (c == '[') {
        i = skipBalanced(expr, i, '[', ']');
      } else if (c == '$') {
        i = skipVariable(expr, i);
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
        while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.' || expr.charAt(i) == '_')) {
          i++;
        }
      } else if (isIdentStart(c)) {
        int start = i;
        while (i < n && isIdentPart(expr.charAt(i))) {
          i++;
        }
        String ident = expr.substring(start, i);
        int j = skipSpaces(expr, i);
        boolean call = j < n && expr.charAt(j) == '(';
        String lower = ident.toLowerCase(Locale.ROOT);
        if (LABEL_LISTS.contains(lower)) {
          if (call) {
            i = skipBalanced(expr, j, '(', ')');
          }
        } else if (!call && !KEYWORDS.contains(lower)) {
          List<Matcher> matchers = List.of();
          if (j < n && expr.charAt(j) == '{') {
            int end = skipBalanced(expr, j, '{', '}');
            matchers = matchers(expr.substring(j + 1, end - 1));
            i = end;
          }
          out.add(new Selector(ident, matchers));
        }
      } else {
        i++;
      }
    }
    return out;
  }

  /**
   * The series of a Prometheus text exposition: metric name to the label sets of its samples.
   *
   * @param exposition the text {@code /metrics} serves
   * @return every sample's name with its labels
   */
  static Map<String, List<Map<String, String>>> series(String exposition) {
    Map<String, List<Map<String, String>>> out = new LinkedHashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      Map<String, String> labels = new LinkedHashMap<>();
      String name;
      if (brace >= 0 && (space < 0 || brace < space)) {
        name = line.substring(0, brace);
        int end = skipBalanced(line, brace, '{', '}');
        for (Matcher m : matchers(line.substring(brace + 1, end - 1))) {
          labels.put(m.label(), m.value());
        }
      } else {
        name = space < 0 ? line : line.substring(0, space);
      }
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(labels);
    }
    return out;
  }

  /** Parses {@code a="x", b=~"y"} (also an exposition's label set). */
  private static List<Matcher> matchers(String body) {
    List<Matcher> out = new ArrayList<>();
    int n = body.length();
    int i = 0;
    while (i < n) {
      i = skipSpaces(body, i);
      if (i >= n) {
        break;
      }
      int start = i;
      while (i < n && isIdentPart(body.charAt(i))) {
        i++;
      }
      String label = body.substring(start, i);
      i = skipSpaces(body, i);
      int opStart = i;
      while (i < n && "=!~".indexOf(body.charAt(i)) >= 0) {
        i++;
      }
      String op = body.substring(opStart, i);
      i = skipSpaces(body, i);
      int valueEnd = skipString(body, i);
      String value = unquote(body.substring(i, valueEnd));
      out.add(new Matcher(label, op, value));
      i = skipSpaces(body, valueEnd);
      if (i < n && body.charAt(i) == ',') {
        i++;
      } else if (i < n) {
        throw new IllegalArgumentException("Unexpected '" + body.charAt(i) + "' in label matchers: " + body);
      }
    }
    return out;
  }

  private static String unquote(String quoted) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < quoted.length() - 1; i++) {
      char c = quoted.charAt(i);
      if (c == '\\' && i + 1 < quoted.length() - 1) {
        char e = quoted.charAt(++i);
        b.append(e == 'n' ? '\n' : e);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static int skipString(String s, int i) {
    char quote = s.charAt(i);
    if (quote != '"' && quote != '\'' && quote != '`') {
      throw new IllegalArgumentException("Expected a string at " + i + ": " + s);
    }
    int j = i + 1;
    while (j < s.length() && s.charAt(j) != quote) {
      j += s.charAt(j) == '\\' && quote != '`' ? 2 : 1;
    }
    if (j >= s.length()) {
      throw new IllegalArgumentException("Unterminated string at " + i + ": " + s);
    }
    return j + 1;
  }

  /** @return the index after the bracket that closes the one at {@code i}, strings skipped */
  private static int skipBalanced(String s, int i, char open, char close) {
    int depth = 0;
    int j = i;
    while (j < s.length()) {
      char c = s.charAt(j);
      if (c == '"' || c == '\'' || c == '`') {
        j = skipString(s, j);
        continue;
      }
      if (c == open) {
        depth++;
      } else if (c == close && --depth == 0) {
        return j + 1;
      }
      j++;
    }
    throw new IllegalArgumentException("Unbalanced '" + open + "' at " + i + ": " + s);
  }

  /** Grafana variables: {@code $name}, {@code ${name}}, {@code ${name:format}}. */
  private static int skipVariable(String s, int i) {
    int j = i + 1;
    if (j < s.length() && s.charAt(j) == '{') {
      return skipBalanced(s, j, '{', '}');
    }
    while (j < s.length() && isIdentPart(s.charAt(j))) {
      j++;
    }
    return j;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || (c >= '0' && c <= '9');
  }
}
