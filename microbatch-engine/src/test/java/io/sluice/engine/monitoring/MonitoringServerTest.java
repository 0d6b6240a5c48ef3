package io.sluice.engine.monitoring;

import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.connectors.MemoryStream;
import io.sluice.engine.internal.SessionImpl;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MonitoringServerTest {
  static final StructType EVENTS = DataTypes.struct(field("id", DataTypes.STRING), field("ts", DataTypes.TIMESTAMP));
  StreamSession session;
  int port;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    session = StreamSession.builder().config(EngineOptions.HTTP_PORT, 0)
        .config(EngineOptions.SHUFFLE_PARTITIONS, 1).config("sluice.state.provider", "memory").getOrCreate();
    port = ((SessionImpl) session).httpPort();
  }

  @AfterEach
  void stop() {
    session.close();
  }

  HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsHealthAndQueriesDescribeARunningQuery() throws Exception {
    MemoryStream input = MemoryStream.create(session, EVENTS);
    StreamingQuery q = input.toDF().withWatermark("ts", "5 seconds").dropDuplicates("id", "ts")
        .writeStream().queryName("monitored").foreachBatch((b, id) -> { }).start();
    try {
      input.addData(List.of(Row.of("a", Instant.ofEpochSecond(100)), Row.of("a", Instant.ofEpochSecond(100)),
          Row.of("b", Instant.ofEpochSecond(110))));
      q.processAllAvailable();

      HttpResponse<String> metrics = get("/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(metrics.body())
          .contains("sluice_query_input_rows_total{query=\"monitored\"} 3.0")
          .contains("sluice_query_output_rows_total{query=\"monitored\"} 2.0")
          .contains("sluice_query_batch_duration_seconds_bucket{query=\"monitored\"")
          .contains("sluice_query_watermark_seconds{query=\"monitored\"} 105.0")
          .contains("sluice_query_watermark_delay_seconds{query=\"monitored\"}")
          // The no-data batch at watermark 105 evicted (a, 100): one key left.
          .contains("sluice_state_rows{operator=\"0:dedupe\",query=\"monitored\"} 1.0")
          .contains("sluice_state_late_rows_dropped_total{operator=\"0:dedupe\",query=\"monitored\"} 0.0")
          .contains("sluice_query_active{query=\"monitored\"} 1.0")
          .contains("sluice_sink_commit_duration_seconds_count{query=\"monitored\"}")
          .contains("jvm_memory_used_bytes")
          .contains("sluice_rocksdb_block_cache_capacity_bytes");

      HttpResponse<String> health = get("/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"UP\"");

      JsonNode queries = new ObjectMapper().readTree(get("/api/queries").body());
      JsonNode mine = null;
      for (JsonNode n : queries) {
        if ("monitored".equals(n.path("name").asText())) {
          mine = n;
        }
      }
      assertThat(mine).isNotNull();
      assertThat(mine.get("isActive").asBoolean()).isTrue();
      assertThat(mine.get("recentProgress").get(0).get("numInputRows").asLong()).isEqualTo(3);
      assertThat(mine.get("status").get("message").asText()).isNotEmpty();
    } finally {
      q.stop();
    }
  }

  @Test
  void healthTurns503WithAReasonWhenAQueryFails() throws Exception {
    MemoryStream input = MemoryStream.create(session, EVENTS);
    input.addData(List.of(Row.of("x", Instant.EPOCH)));
    StreamingQuery q = input.toDF().writeStream().queryName("broken")
        .foreachBatch((b, id) -> {
          throw new IllegalStateException("disk full");
        }).start();
    try {
      q.awaitTermination(Duration.ofSeconds(30));
    } catch (Exception expected) {
      // the failure is what this test is about
    }
    HttpResponse<String> health = get("/health");
    assertThat(health.statusCode()).isEqualTo(503);
    JsonNode body = new ObjectMapper().readTree(health.body());
    assertThat(body.get("status").asText()).isEqualTo("DOWN");
    assertThat(body.get("queries").toString()).contains("broken").contains("failed").contains("disk full");
    assertThat(get("/metrics").body()).contains("sluice_query_failed_batches_total{query=\"broken\"} 1.0");
  }

  @Test
  void unknownPathsOtherMethodsAndMalformedRequestsGetClientErrors() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write("THIS IS NOT HTTP\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(status).isEqualTo("HTTP/1.1 400");
    }
  }
}
