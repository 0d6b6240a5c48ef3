package io.sluice.examples.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.examples.observability.DockerFiles.Expression;
import io.sluice.examples.observability.PromQl.Matcher;
import io.sluice.examples.observability.PromQl.Selector;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Grafana dashboard shows only what the engine exports: every metric an expression selects is
 * in a real scrape of {@code /metrics}, with the labels the expression matches on; and every panel
 * queries the datasource that Grafana's provisioning creates.
 */
@Timeout(60)
class DashboardMetricsTest {
  /**
   * Metrics that only a Kafka source reports (from its {@code offsetsBehindLatest} source
   * metrics), so a memory-source query cannot show them. They are checked like the others when a
   * scrape has them; otherwise they must at least be named by {@code EngineMetrics}.
   */
  static final Set<String> METRICS_NEEDING_KAFKA = Set.of(
      "sluice_kafka_consumer_lag", "sluice_source_offsets_behind_latest");

  @Test
  void everyDashboardExpressionSelectsMetricsAndLabelsTheEngineExports() throws Exception {
    List<Expression> expressions = DockerFiles.expressions(DockerFiles.dashboard());
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(20);

    String scrape;
    try (ObservedQuery q = ObservedQuery.start()) {
      for (int i = 0; i < 3; i++) {
        q.addBatch();
        q.query.processAllAvailable();
      }
      assertThat(q.query.isActive()).isTrue();
      scrape = q.scrape();
      // Prometheus 3 fails a scrape whose content type it does not recognise.
      assertThat(q.get("/metrics").headers().firstValue("content-type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    }
    Map<String, List<Map<String, String>>> series = PromQl.series(scrape);

    List<String> problems = new ArrayList<>();
    Set<String> used = new LinkedHashSet<>();
    for (Expression e : expressions) {
      List<Selector> selectors = PromQl.selectors(e.promql());
      if (selectors.isEmpty()) {
        problems.add(e.where() + " selects no metric: " + e.promql());
      }
      for (Selector s : selectors) {
        used.add(s.metric());
        List<Map<String, String>> samples = series.get(s.metric());
        if (samples == null) {
          if (!METRICS_NEEDING_KAFKA.contains(s.metric())) {
            problems.add(e.where() + ": " + s.metric() + " is not in the scrape");
          }
          continue;
        }
        for (Matcher m : s.matchers()) {
          boolean labelled = samples.stream().anyMatch(l -> l.containsKey(m.label()));
          boolean valued = !m.op().equals("=")
              || samples.stream().anyMatch(l -> m.value().equals(l.get(m.label())));
          if (!labelled || !valued) {
            problems.add(e.where() + ": no " + s.metric() + " sample has " + m.label()
                + (m.op().equals("=") ? "=\"" + m.value() + "\"" : ""));
          }
        }
      }
    }
    assertThat(problems).as("dashboard expressions against the metrics exported: %s", series.keySet()).isEmpty();
    // The exemption list names exactly what the dashboard uses and only the engine can export.
    assertThat(used).containsAll(METRICS_NEEDING_KAFKA);
    String engineMetrics = Files.readString(DockerFiles.dir().resolve(
        "../microbatch-engine/src/main/java/io/sluice/engine/internal/metrics/EngineMetrics.java").normalize());
    for (String kafkaMetric : METRICS_NEEDING_KAFKA) {
      assertThat(engineMetrics).contains("\"" + kafkaMetric.replace('_', '.') + "\"");
    }
  }

  @Test
  void everyPanelQueriesTheProvisionedDatasourceAndGrafanaLoadsTheDashboardDirectory() {
    JsonNode dashboard = DockerFiles.dashboard();
    List<String> problems = new ArrayList<>();
    for (JsonNode panel : DockerFiles.panels(dashboard)) {
      if (!panel.has("targets")) {
        continue;
      }
      String title = panel.path("title").asText();
      if (!"prometheus".equals(panel.path("datasource").path("uid").asText())) {
        problems.add("panel '" + title + "' datasource " + panel.path("datasource"));
      }
      for (JsonNode target : panel.path("targets")) {
        if (target.has("datasource") && !"prometheus".equals(target.path("datasource").path("uid").asText())) {
          problems.add("panel '" + title + "' target " + target.path("refId").asText() + " datasource "
              + target.path("datasource"));
        }
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asText())
          && !"prometheus".equals(variable.path("datasource").path("uid").asText())) {
        problems.add("variable '" + variable.path("name").asText() + "' datasource " + variable.path("datasource"));
      }
    }
    assertThat(problems).isEmpty();
    assertThat(dashboard.path("templating").path("list").findValuesAsText("name")).contains("query");

    JsonNode datasources = DockerFiles.yaml("grafana/provisioning/datasources/prometheus.yaml").path("datasources");
    assertThat(datasources).hasSize(1);
    assertThat(datasources.get(0).path("uid").asText()).isEqualTo("prometheus");
    assertThat(datasources.get(0).path("type").asText()).isEqualTo("prometheus");
    assertThat(datasources.get(0).path("url").asText()).isEqualTo("http://prometheus:9090");

    // The provider reads the directory compose mounts docker/grafana/dashboards at.
    JsonNode grafana = DockerFiles.yaml("compose.yaml").path("services").path("grafana");
    Map<String, String> mounts = ContainerFilesTest.bindMounts(grafana);
    assertThat(mounts).containsKey("./grafana/dashboards").containsKey("./grafana/provisioning");
    assertThat(mounts.get("./grafana/provisioning")).isEqualTo("/etc/grafana/provisioning");
    JsonNode providers = DockerFiles.yaml("grafana/provisioning/dashboards/sluice.yaml").path("providers");
    assertThat(providers).hasSize(1);
    assertThat(providers.get(0).path("type").asText()).isEqualTo("file");
    assertThat(providers.get(0).path("options").path("path").asText()).isEqualTo(mounts.get("./grafana/dashboards"));
    assertThat(DockerFiles.file("grafana/dashboards/sluice.json")).isRegularFile();
    assertThat(grafana.path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText())
        .isEqualTo(mounts.get("./grafana/dashboards") + "/sluice.json");
  }
}
