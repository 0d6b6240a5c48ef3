package io.sluice.examples.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.examples.observability.DockerFiles.Expression;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dashboard expression, run by a real Prometheus that scrapes a running query, returns data
 * (those needing a Kafka source only have to be valid PromQL). Needs the {@code prometheus}
 * binary: {@code /usr/bin/prometheus}, or the path in {@code PROMETHEUS_BIN}.
 */
@Tag("integration")
@Timeout(90)
class PrometheusIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void everyDashboardExpressionReturnsDataFromAPrometheusScrapingTheEngine() throws Exception {
    Path binary = Path.of(System.getenv().getOrDefault("PROMETHEUS_BIN", "/usr/bin/prometheus"));
    assumeTrue(Files.isExecutable(binary), "prometheus not installed: apt-get install prometheus to run this test");

    try (ObservedQuery q = ObservedQuery.start()) {
      int promPort = freePort();
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, """
          global:
            scrape_interval: 1s
            evaluation_interval: 1s
          scrape_configs:
            - job_name: sluice
              static_configs:
                - targets: ["127.0.0.1:%d"]
          """.formatted(q.port));
      Path log = dir.resolve("prometheus.log");
      Process prometheus = new ProcessBuilder(binary.toString(),
          "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("tsdb"),
          "--web.listen-address=127.0.0.1:" + promPort,
          "--log.level=warn")
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      String api = "http://127.0.0.1:" + promPort;
      try {
        awaitReady(prometheus, api, log);
        // Batches keep arriving while Prometheus scrapes, so rates and histograms have data.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int batches = 0;
        while (true) {
          q.addBatch();
          q.query.processAllAvailable();
          batches++;
          Thread.sleep(250);
          if (batches >= 24 && scrapes(api) >= 6) {
            break;
          }
          assertThat(System.nanoTime()).as("six scrapes within 30 s; log:\n%s", tail(log)).isLessThan(deadline);
        }
        assertThat(q.query.isActive()).isTrue();

        List<String> problems = new ArrayList<>();
        for (Expression e : DockerFiles.expressions(DockerFiles.dashboard())) {
          String promql = e.promql().replace("$query", ".*");
          JsonNode answer = query(api, promql);
          boolean needsKafka = PromQl.metricNames(promql).stream()
              .anyMatch(DashboardMetricsTest.METRICS_NEEDING_KAFKA::contains);
          if (!"success".equals(answer.path("status").asText())) {
            problems.add(e.where() + " failed: " + answer + " for " + promql);
          } else if (!needsKafka && answer.path("data").path("result").isEmpty()) {
            problems.add(e.where() + " returned nothing: " + promql);
          }
        }
        assertThat(problems).isEmpty();
      } finally {
        prometheus.destroy();
        if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static void awaitReady(Process prometheus, String api, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      assertThat(prometheus.isAlive()).as("prometheus exited; log:\n%s", tail(log)).isTrue();
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(api + "/-/ready")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // retried until the deadline
      }
      Thread.sleep(100);
    }
    throw new AssertionError("prometheus not ready within 20 s; log:\n" + tail(log));
  }

  /** @return how many successful scrapes of the session Prometheus has stored */
  private static int scrapes(String api) throws Exception {
    JsonNode result = query(api, "sum_over_time(up{job=\"sluice\"}[1m])").path("data").path("result");
    return result.isEmpty() ? 0 : (int) Double.parseDouble(result.get(0).path("value").get(1).asText());
  }

  private static JsonNode query(String api, String promql) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
