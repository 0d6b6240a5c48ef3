package io.sluice.examples.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The container files agree with each other (no Docker engine needed): compose builds the
 * Dockerfile, points the app at the broker's advertised listener, Prometheus scrapes the port the
 * app serves, every mounted file exists; the image runs the entrypoint as a non-root user.
 */
class ContainerFilesTest {

  /** @return a service's bind mounts ({@code ./source:/target[:ro]}), source to target */
  static Map<String, String> bindMounts(JsonNode service) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode v : service.path("volumes")) {
      String[] parts = v.asText().split(":");
      if (parts.length >= 2 && parts[0].startsWith(".")) {
        out.put(parts[0], parts[1]);
      }
    }
    return out;
  }

  @Test
  void composeWiresTheAppToKafkaPrometheusAndGrafana() {
    JsonNode services = DockerFiles.yaml("compose.yaml").path("services");
    assertThat(services.fieldNames()).toIterable().contains("kafka", "app", "prometheus", "grafana");

    JsonNode app = services.path("app");
    Path context = DockerFiles.dir().resolve(app.path("build").path("context").asText()).normalize();
    assertThat(context.resolve("pom.xml")).as("the build context is the repository root").isRegularFile();
    assertThat(context.resolve(app.path("build").path("dockerfile").asText())).isEqualTo(DockerFiles.file("Dockerfile"));
    assertThat(app.path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
    assertThat(services.path("kafka").path("healthcheck").path("test").isMissingNode()).isFalse();

    JsonNode env = app.path("environment");
    String bootstrap = env.path("SLUICE_BOOTSTRAP_SERVERS").asText();
    assertThat(services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText())
        .contains("PLAINTEXT://" + bootstrap);
    String port = env.path("SLUICE_HTTP_PORT").asText();
    assertThat(env.path("SLUICE_HTTP_HOST").asText()).isEqualTo("0.0.0.0");
    assertThat(texts(app.path("ports"))).contains(port + ":" + port);
    assertThat(app.path("healthcheck").path("test").toString()).contains(":" + port + "/health");
    assertThat(texts(app.path("volumes"))).anyMatch(v -> v.endsWith(":" + env.path("SLUICE_DATA_DIR").asText()));

    JsonNode prometheus = DockerFiles.yaml("prometheus/prometheus.yml");
    JsonNode job = prometheus.path("scrape_configs").get(0);
    assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
    assertThat(texts(job.path("static_configs").get(0).path("targets"))).containsExactly("app:" + port);
    assertThat(prometheus.path("global").path("scrape_interval").asText()).isEqualTo("5s");
    assertThat(bindMounts(services.path("prometheus"))).containsEntry(
        "./prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml");
    assertThat(texts(services.path("prometheus").path("ports"))).contains("9090:9090");
    assertThat(texts(services.path("grafana").path("ports"))).contains("3000:3000");
    assertThat(services.path("grafana").path("environment").path("GF_AUTH_ANONYMOUS_ENABLED").asText()).isEqualTo("true");

    for (String service : List.of("kafka", "app", "prometheus", "grafana")) {
      for (String source : bindMounts(services.path(service)).keySet()) {
        assertThat(DockerFiles.dir().resolve(source)).as("%s mounts %s", service, source).exists();
      }
    }
  }

  @Test
  void imageBuildsTheExamplesAndRunsTheEntrypointAsANonRootUser() throws Exception {
    List<String> lines = instructions(Files.readAllLines(DockerFiles.file("Dockerfile")));
    List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(from).containsExactly("FROM maven:3.9-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre");
    assertThat(lines).anyMatch(l -> l.startsWith("RUN ") && l.contains("-pl examples -am")
        && l.contains("dependency:copy-dependencies") && l.contains("/app/lib"));
    assertThat(lines).contains("EXPOSE 8080", "ENTRYPOINT [\"/app/entrypoint.sh\"]");
    assertThat(lines).anyMatch(l -> l.startsWith("HEALTHCHECK ") && l.contains("/health"));
    List<String> users = lines.stream().filter(l -> l.startsWith("USER ")).toList();
    assertThat(users).isNotEmpty();
    assertThat(users.get(users.size() - 1)).doesNotContain("root").isNotEqualTo("USER 0");
    // Sources copied from the build context (the repository root) exist.
    Path root = DockerFiles.dir().getParent();
    for (String l : lines) {
      if (l.startsWith("COPY ") && !l.contains("--from=")) {
        String[] words = l.split("\\s+");
        for (int i = 1; i < words.length - 1; i++) {
          if (!words[i].startsWith("--") && !words[i].equals(".")) {
            assertThat(root.resolve(words[i])).as(l).exists();
          }
        }
      }
    }
    assertThat(DockerFiles.file("entrypoint.sh")).isExecutable();
  }

  /** Joins continuation lines and drops comments and blank lines. */
  private static List<String> instructions(List<String> lines) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
        continue;
      }
      boolean continued = line.endsWith("\\");
      current.append(continued ? line.substring(0, line.length() - 1).strip() : line).append(' ');
      if (!continued) {
        out.add(current.toString().strip().replaceAll("\\s+", " "));
        current.setLength(0);
      }
    }
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
