package io.sluice.examples.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.DataFrame;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.StreamingQueryProgress;
import io.sluice.api.Trigger;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.testing.StreamTest;
import io.sluice.kafka.testing.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(180)
class EnrichmentExampleIT {
  static EmbeddedKafka kafka;
  static final List<Row> CUSTOMERS = new ArrayList<>();

  StreamSession session;
  DataFrame customers;
  @TempDir Path dir;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
    for (int c = 0; c < 20; c++) {
      CUSTOMERS.add(Row.of("c" + c, "Customer " + c, c % 3 == 0 ? "gold" : "silver", c % 2 == 0 ? "NL" : "DE"));
    }
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @BeforeEach
  void createSession() {
    session = StreamSession.builder().config(EngineOptions.SHUFFLE_PARTITIONS, 2).getOrCreate();
    customers = EnrichmentExample.customers(session, CUSTOMERS);
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  /** One generated order. */
  record Order(String id, String customer, double amount, String placedAt) {
    String json() {
      return EnrichmentExample.orderJson(id, customer, amount, placedAt);
    }
  }

  /** Orders o-{from}..o-{to-1}: customers c0..c24 (c20..c24 unknown). */
  static List<Order> orders(int from, int to) {
    Random random = new Random(from);
    List<Order> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(new Order(String.format(Locale.ROOT, "o-%04d", i), "c" + random.nextInt(25),
          random.nextInt(100_000) / 100.0, String.format(Locale.ROOT, "2026-01-01T10:%02d:%02dZ", i / 60 % 60, i % 60)));
    }
    return out;
  }

  /** The Kafka records for orders, with a record that is not JSON after every 25th. */
  static List<Row> records(List<Order> orders) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      out.add(Row.of(orders.get(i).id(), orders.get(i).json()));
      if (i % 25 == 24) {
        out.add(Row.of("junk-" + i, "not an order " + i));
      }
    }
    return out;
  }

  /** The enriched record each order must become: written here by hand, not by the example's code. */
  static Row expected(Order o) {
    Map<String, Row> byId = new HashMap<>();
    CUSTOMERS.forEach(c -> byId.put((String) c.get(0), c));
    Row c = byId.get(o.customer());
    String base = String.format(Locale.ROOT, "{\"order_id\":\"%s\",\"customer_id\":\"%s\",\"amount\":%s,\"placed_at\":\"%s\"",
        o.id(), o.customer(), Double.toString(o.amount()), o.placedAt());
    String json = c == null ? base + "}"
        : base + String.format(Locale.ROOT, ",\"customer_name\":\"%s\",\"tier\":\"%s\",\"country\":\"%s\"}",
            c.get(1), c.get(2), c.get(3));
    return Row.of(o.id(), json);
  }

  /** What the output topic holds for read_committed readers, as (key, value). */
  List<Row> committedOutput(String topic) throws Exception {
    return EnrichmentExample.readCommitted(session, kafka.bootstrapServers(), topic).stream()
        .map(r -> Row.of(r.get(0), r.get(1))).toList();
  }

  StreamingQuery runEnrichment(String in, String out, Path checkpoint) throws Exception {
    StreamingQuery q = EnrichmentExample.start(session, kafka.bootstrapServers(), in, out, customers, checkpoint,
        Trigger.availableNow(), 40);
    q.awaitTermination();
    return q;
  }

  @Test
  void theOutputTopicHoldsEachOrderOnceEnrichedWithItsCustomerOrWithoutOneWhenUnknown() throws Exception {
    kafka.createTopic("orders-a", 3);
    kafka.createTopic("enriched-a", 3);
    List<Order> orders = orders(0, 200);
    EnrichmentExample.produce(session, kafka.bootstrapServers(), "orders-a", records(orders), dir.resolve("producer"));

    StreamingQuery q = runEnrichment("orders-a", "enriched-a", dir.resolve("enrichment"));

    assertThat(q.recentProgress()).hasSizeGreaterThan(3);      // several batches, one transaction each
    assertThat(q.recentProgress().stream().mapToLong(StreamingQueryProgress::numInputRows).sum()).isEqualTo(208);
    assertThat(orders.stream().filter(o -> Integer.parseInt(o.customer().substring(1)) >= 20)).isNotEmpty();
    StreamTest.assertSameRows("enriched-a", orders.stream().map(EnrichmentExampleIT::expected).toList(),
        committedOutput("enriched-a"));
  }

  @Test
  void aRestartAndABatchReplayedAfterItsTransactionCommittedWriteNothingTwice() throws Exception {
    kafka.createTopic("orders-b", 3);
    kafka.createTopic("enriched-b", 3);
    Path checkpoint = dir.resolve("enrichment");
    List<Order> first = orders(0, 120);
    EnrichmentExample.produce(session, kafka.bootstrapServers(), "orders-b", records(first), dir.resolve("p1"));
    StreamingQuery q1 = runEnrichment("orders-b", "enriched-b", checkpoint);
    long lastBatch = q1.lastProgress().batchId();
    assertThat(lastBatch).isPositive();

    // A crash after the sink committed batch N's transaction but before the engine wrote commits/N:
    // on restart the engine runs batch N again with the offsets of offsets/N; the sink finds batch N
    // committed (the marker in Kafka) and skips it.
    Files.delete(checkpoint.resolve("commits").resolve(Long.toString(lastBatch)));
    List<Order> second = orders(120, 200);
    EnrichmentExample.produce(session, kafka.bootstrapServers(), "orders-b", records(second), dir.resolve("p2"));
    StreamingQuery q2 = runEnrichment("orders-b", "enriched-b", checkpoint);

    assertThat(q2.recentProgress().get(0).batchId()).isEqualTo(lastBatch);
    assertThat(q2.recentProgress().get(0).sink().metrics()).containsEntry("skippedReplayedBatches", "1");
    List<Order> all = Stream.concat(first.stream(), second.stream()).toList();
    StreamTest.assertSameRows("enriched-b", all.stream().map(EnrichmentExampleIT::expected).toList(),
        committedOutput("enriched-b"));
  }
}
