package io.sluice.examples.observability;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.count;
import static io.sluice.api.Functions.window;
import static io.sluice.api.types.DataTypes.field;

import io.sluice.api.ExpectationAction;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.EngineMonitoring;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.connectors.MemoryStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A running query that feeds every metric family the dashboard shows, except those only a Kafka
 * source reports: orders from a memory stream, with a watermark, a data-quality expectation that
 * drops rows, and a windowed count (state, late rows) written in append mode through
 * {@code foreachBatch} (sink commit time). The session serves {@code /metrics} on a free port.
 */
final class ObservedQuery implements AutoCloseable {
  static final String NAME = "orders_per_window";
  static final String EXPECTATION = "positive_amount";
  static final StructType ORDERS = DataTypes.struct(
      field("order_id", DataTypes.STRING), field("ts", DataTypes.TIMESTAMP), field("amount", DataTypes.DOUBLE));
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final StreamSession session;
  final MemoryStream orders;
  final StreamingQuery query;
  final int port;
  /** Event time of the next batch: a minute behind the wall clock, like a realistic pipeline. */
  private Instant eventTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
  private int nextOrder;

  private ObservedQuery(StreamSession session) {
    this.session = session;
    this.port = EngineMonitoring.httpPort(session);
    this.orders = MemoryStream.create(session, ORDERS);
    this.query = orders.toDF()
        .withWatermark("ts", "10 seconds")
        .expect(EXPECTATION, col("amount").gt(0), ExpectationAction.DROP)
        .groupBy(window(col("ts"), "10 seconds"))
        .agg(count().as("orders"))
        .writeStream()
        .queryName(NAME)
        .outputMode(OutputMode.APPEND)
        .foreachBatch((batch, batchId) -> { })
        .start();
  }

  /** Starts a session with the HTTP server on a free port (memory state: no RocksDB needed) and the query. */
  static ObservedQuery start() {
    StreamSession session = StreamSession.builder().appName("dashboard-check")
        .config(EngineOptions.HTTP_PORT, 0)
        .config(EngineOptions.SHUFFLE_PARTITIONS, 1)
        .config("sluice.state.provider", "memory")
        .getOrCreate();
    try {
      return new ObservedQuery(session);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /**
   * Adds one batch of orders ten seconds of event time after the previous one: valid orders (which
   * close the windows the watermark passes), one with a negative amount (dropped by the
   * expectation) and one far behind the watermark (dropped as late).
   */
  void addBatch() {
    List<Row> rows = new ArrayList<>();
    for (int s = 0; s < 10; s += 2) {
      rows.add(Row.of("o-" + nextOrder++, eventTime.plusSeconds(s), 10.0 + s));
    }
    rows.add(Row.of("o-" + nextOrder++, eventTime.plusSeconds(5), -1.0));
    rows.add(Row.of("o-" + nextOrder++, eventTime.minusSeconds(3600), 5.0));
    orders.addData(rows);
    eventTime = eventTime.plusSeconds(10);
  }

  /** @return the session's {@code /metrics}, fetched over HTTP */
  String scrape() throws IOException, InterruptedException {
    HttpResponse<String> r = get("/metrics");
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET /metrics answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    try {
      query.stop();
    } finally {
      session.close();
    }
  }
}
