package io.sluice.examples.medallion;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.Trigger;
import io.sluice.engine.EngineOptions;
import io.sluice.examples.medallion.OrderGenerator.Generated;
import io.sluice.examples.medallion.OrderGenerator.Kind;
import io.sluice.kafka.testing.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(300)
class MedallionPipelineIT {
  static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  /** Window start, country, category → (orders, revenue in cents), computed from the generated input. */
  static Map<List<Object>, long[]> expectedGold(List<Generated> records) {
    Map<List<Object>, long[]> m = new HashMap<>();
    for (Generated g : records) {
      if (g.kind() != Kind.VALID) {
        continue;
      }
      long sec = g.eventTime().getEpochSecond();
      Instant start = Instant.ofEpochSecond(sec - Math.floorMod(sec, 60));
      long[] agg = m.computeIfAbsent(List.of(start, g.country(), g.category()), k -> new long[2]);
      agg[0]++;
      agg[1] += g.amountCents();
    }
    return m;
  }

  static Map<List<Object>, long[]> actualGold(List<Row> rows) {
    Map<List<Object>, long[]> m = new HashMap<>();
    for (Row r : rows) {
      long[] prev = m.put(List.of(r.get(0), r.get(2), r.get(3)),
          new long[] {((Number) r.get(4)).longValue(), Math.round(((Number) r.get(5)).doubleValue() * 100)});
      assertThat(prev).as("one gold row per window, country and category").isNull();
    }
    return m;
  }

  /** Runs bronze, silver and gold one after the other; returns the rows silver dropped as late. */
  private static long runAllHops(MedallionPipeline p) throws Exception {
    p.startBronze().awaitTermination();
    StreamingQuery silver = p.startSilver();
    silver.awaitTermination();
    p.startGold().awaitTermination();
    return silver.recentProgress().stream().flatMap(x -> x.stateOperators().stream())
        .mapToLong(o -> o.numRowsDroppedByWatermark()).sum();
  }

  @Test
  void goldHoldsExactlyTheAggregatesOfTheValidDeduplicatedOnTimeOrders(@TempDir Path dir) throws Exception {
    kafka.createTopic("orders", 3);
    List<Generated> records = new OrderGenerator(7, Instant.parse("2026-01-01T08:00:00Z"), 1200).next(3000);
    try (StreamSession session = StreamSession.builder().config(EngineOptions.SHUFFLE_PARTITIONS, 2).getOrCreate()) {
      MedallionPipeline p = new MedallionPipeline(session, kafka.bootstrapServers(), dir, Trigger.availableNow(), 500);
      p.produce(records);
      long droppedLate = runAllHops(p);

      long malformed = records.stream().filter(g -> EnumSet.of(Kind.BROKEN_JSON, Kind.MISSING_AMOUNT,
          Kind.NEGATIVE_AMOUNT).contains(g.kind())).count();
      long valid = records.stream().filter(g -> g.kind() == Kind.VALID).count();
      long late = records.stream().filter(g -> g.kind() == Kind.LATE).count();
      assertThat(malformed).isPositive();
      assertThat(late).isPositive();
      assertThat(records.stream().filter(g -> g.kind() == Kind.DUPLICATE).count()).isPositive();

      assertThat(p.read("bronze_orders")).hasSize(records.size());
      assertThat(p.read("quarantine_orders")).hasSize((int) malformed);
      assertThat(p.read("silver_orders")).hasSize((int) valid);
      assertThat(droppedLate).isEqualTo(late);
      Map<List<Object>, long[]> expected = expectedGold(records);
      Map<List<Object>, long[]> actual = actualGold(p.read("gold_revenue"));
      assertThat(actual.keySet()).isEqualTo(expected.keySet());
      expected.forEach((k, v) -> assertThat(actual.get(k)).as("gold %s", k).containsExactly(v));

      // The run's metrics include what the dashboard shows for Kafka and expectations.
      String metrics = io.sluice.engine.EngineMonitoring.scrape(session);
      assertThat(metrics).contains("sluice_kafka_consumer_lag{partition=\"0\",query=\"bronze\",source=\"0\",topic=\"orders\"}")
          .contains("sluice_source_offsets_behind_latest{query=\"bronze\",source=\"0\",stat=\"max\"}")
          .contains("sluice_expectation_rows_total{expectation=\"valid_json\",query=\"silver\",result=\"failed\"}")
          .contains("sluice_state_late_rows_dropped_total{operator=\"0:dedupeWithinWatermark\",query=\"silver\"} " + late + ".0")
          .contains("sluice_state_rows{operator=\"0:stateStoreSave\",query=\"gold\"}");
    }
  }
}
