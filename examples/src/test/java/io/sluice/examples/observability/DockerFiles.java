package io.sluice.examples.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The files under {@code docker/}, read the way Grafana, Prometheus and compose read them. */
final class DockerFiles {
  private DockerFiles() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Grafana's {@code label_values(selector, label)}: the selector is PromQL, the label is not. */
  private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$", Pattern.DOTALL);
  private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$", Pattern.DOTALL);

  /** A PromQL expression of the dashboard and where it is (panel title and refId, or variable). */
  record Expression(String where, String promql) {}

  /** @return {@code docker/} of the repository (tests run in the module directory or the root) */
  static Path dir() {
    for (Path candidate : List.of(Path.of("..", "docker"), Path.of("docker"))) {
      if (Files.isDirectory(candidate.resolve("grafana"))) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("No docker/ directory next to " + Path.of("").toAbsolutePath());
  }

  static Path file(String relative) {
    return dir().resolve(relative);
  }

  static JsonNode json(String relative) {
    return read(JSON, relative);
  }

  static JsonNode yaml(String relative) {
    return read(YAML, relative);
  }

  private static JsonNode read(ObjectMapper mapper, String relative) {
    try {
      return mapper.readTree(file(relative).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse docker/" + relative, e);
    }
  }

  static JsonNode dashboard() {
    return json("grafana/dashboards/sluice.json");
  }

  /** @return every panel, rows' nested panels included */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    addPanels(dashboard.path("panels"), out);
    return out;
  }

  private static void addPanels(JsonNode panels, List<JsonNode> out) {
    for (JsonNode p : panels) {
      out.add(p);
      addPanels(p.path("panels"), out);
    }
  }

  /**
   * Every PromQL expression of the dashboard: each panel target's {@code expr}, and each query
   * variable's query (the selector of {@code label_values}, the expression of
   * {@code query_result}).
   */
  static List<Expression> expressions(JsonNode dashboard) {
    List<Expression> out = new ArrayList<>();
    for (JsonNode panel : panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        out.add(new Expression("panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
            target.path("expr").asText()));
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (!"query".equals(variable.path("type").asText())) {
        continue;
      }
      JsonNode q = variable.path("query");
      String query = q.isTextual() ? q.asText() : q.path("query").asText();
      Matcher m = LABEL_VALUES.matcher(query);
      Matcher r = QUERY_RESULT.matcher(query);
      String promql = m.matches() ? m.group(1) : r.matches() ? r.group(1) : query;
      out.add(new Expression("variable '" + variable.path("name").asText() + "'", promql));
    }
    return out;
  }
}
