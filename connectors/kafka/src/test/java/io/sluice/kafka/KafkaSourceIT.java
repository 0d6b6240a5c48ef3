package io.sluice.kafka;

import static io.sluice.api.Functions.col;
import static io.sluice.kafka.KafkaTestSupport.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.DataFrame;
import io.sluice.api.DataStreamReader;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.StreamingQueryListener;
import io.sluice.api.Trigger;
import io.sluice.engine.connectors.MemorySink;
import io.sluice.kafka.testing.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaSourceIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  static KafkaTestSupport kafka;
  static StreamSession session;
  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    kafka = new KafkaTestSupport(KAFKA.kafka());
    session = KafkaTestSupport.session();
  }

  @AfterAll
  static void tearDown() {
    session.close();
    kafka.close();
  }

  private String topic(String prefix, int partitions) {
    String t = KafkaBrokerExtension.uniqueTopic(prefix);
    KAFKA.kafka().createTopic(t, partitions);
    return t;
  }

  private DataStreamReader read() {
    return session.readStream().format("kafka").option("kafka.bootstrap.servers", KAFKA.bootstrapServers());
  }

  private StreamingQuery toMemory(DataFrame df, String name, Trigger trigger) {
    return df.writeStream().format("memory").queryName(name).trigger(trigger)
        .option("checkpointLocation", dir.resolve("cp-" + name).toString()).start();
  }

  private List<Row> runToEnd(DataFrame df, String name) {
    StreamingQuery q = toMemory(df, name, Trigger.processingTime(Duration.ZERO));
    try {
      q.processAllAvailable();
    } finally {
      q.stop();
    }
    return MemorySink.rows(name);
  }

  private static List<String> values(List<Row> rows) {
    return rows.stream().map(r -> str((byte[]) r.get("value"))).sorted().toList();
  }

  private static List<String> range(String prefix, int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(prefix + i);
    }
    return out.stream().sorted().toList();
  }

  @Test
  void subscribeReadsEveryRecordWithKafkaColumns() {
    String t = topic("subscribe", 2);
    kafka.send(t, 0, "k1", "v1", 1_700_000_000_123L, null);
    kafka.send(t, 1, null, "v2", null, null);
    kafka.flush();
    DataFrame df = read().option("subscribe", t).option("startingOffsets", "earliest").load();
    assertThat(df.schema().toString()).contains("key", "value", "topic", "partition", "offset", "timestamp",
        "timestampType").doesNotContain("headers");
    List<Row> rows = runToEnd(df, "subscribe");
    assertThat(rows).hasSize(2);
    Row r1 = rows.stream().filter(r -> r.getInt(3) == 0).findFirst().orElseThrow();
    assertThat(str((byte[]) r1.get("key"))).isEqualTo("k1");
    assertThat(str((byte[]) r1.get("value"))).isEqualTo("v1");
    assertThat(r1.get("topic")).isEqualTo(t);
    assertThat(r1.getLong(4)).isZero();
    assertThat(r1.get("timestamp")).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
    assertThat(r1.getInt(6)).isZero();
    Row r2 = rows.stream().filter(r -> r.getInt(3) == 1).findFirst().orElseThrow();
    assertThat(r2.get("key")).isNull();
  }

  @Test
  void subscribePatternReadsMatchingTopicsIncludingOnesCreatedLater() {
    String prefix = KafkaBrokerExtension.uniqueTopic("pattern");
    KAFKA.kafka().createTopic(prefix + "-a", 1);
    KAFKA.kafka().createTopic(prefix + "-other", 1);
    kafka.produce(prefix + "-a", 0, 0, 3);
    kafka.produce(prefix + "-other", 0, 10, 12);
    DataFrame df = read().option("subscribePattern", prefix + "-[ab]").option("startingOffsets", "earliest").load();
    StreamingQuery q = toMemory(df, "pattern", Trigger.processingTime(Duration.ZERO));
    try {
      q.processAllAvailable();
      assertThat(values(MemorySink.rows("pattern"))).isEqualTo(range("v", 0, 3));
      KAFKA.kafka().createTopic(prefix + "-b", 1);
      kafka.produce(prefix + "-b", 0, 3, 5);
      q.processAllAvailable();
      assertThat(values(MemorySink.rows("pattern"))).isEqualTo(range("v", 0, 5));
    } finally {
      q.stop();
    }
  }

  @Test
  void assignReadsOnlyTheListedPartitions() {
    String t = topic("assign", 3);
    kafka.produce(t, 0, 0, 2);
    kafka.produce(t, 1, 2, 4);
    kafka.produce(t, 2, 4, 6);
    DataFrame df = read().option("assign", "{\"" + t + "\":[0,2]}").option("startingOffsets", "earliest").load();
    assertThat(values(runToEnd(df, "assign"))).containsExactly("v0", "v1", "v4", "v5");
  }

  @Test
  void latestIsTheDefaultStartAndSkipsExistingRecords() {
    String t = topic("latest", 1);
    kafka.produce(t, 0, 0, 3);
    DataFrame df = read().option("subscribe", t).load();
    StreamingQuery q = toMemory(df, "latest", Trigger.processingTime(Duration.ZERO));
    try {
      q.processAllAvailable();
      kafka.produce(t, 0, 3, 5);
      q.processAllAvailable();
      assertThat(values(MemorySink.rows("latest"))).containsExactly("v3", "v4");
    } finally {
      q.stop();
    }
  }

  @Test
  void startingOffsetsJsonTakesOffsetsAndMinusTwoForEarliestAndMinusOneForLatest() {
    String t = topic("json-start", 3);
    kafka.produce(t, 0, 0, 5);
    kafka.produce(t, 1, 10, 13);
    kafka.produce(t, 2, 20, 22);
    String start = "{\"" + t + "\":{\"0\":3,\"1\":-2,\"2\":-1}}";
    DataFrame df = read().option("subscribe", t).option("startingOffsets", start).load();
    assertThat(values(runToEnd(df, "json-start"))).isEqualTo(List.of("v10", "v11", "v12", "v3", "v4"));
  }

  @Test
  void startingOffsetsJsonMustListEverySubscribedPartition() {
    String t = topic("json-missing", 2);
    DataFrame df = read().option("subscribe", t).option("startingOffsets", "{\"" + t + "\":{\"0\":0}}").load();
    StreamingQuery q = toMemory(df, "json-missing", Trigger.availableNow());
    assertThatThrownBy(q::awaitTermination).hasMessageContaining("missing [" + t + "-1]");
  }

  @Test
  void startingTimestampStartsEachPartitionAtItsFirstRecordAtOrAfterThatTime() {
    String t = topic("timestamp", 2);
    for (int i = 0; i < 4; i++) {
      kafka.send(t, 0, null, "p0-" + i, 1000L * (i + 1), null);
      kafka.send(t, 1, null, "p1-" + i, 1500L * (i + 1), null);
    }
    kafka.flush();
    DataFrame df = read().option("subscribe", t).option("startingTimestamp", "2500").load();
    assertThat(values(runToEnd(df, "timestamp"))).containsExactly("p0-2", "p0-3", "p1-1", "p1-2", "p1-3");
  }

  @Test
  void startingOffsetsByTimestampTakesOneTimePerPartition() {
    String t = topic("by-timestamp", 2);
    for (int i = 0; i < 3; i++) {
      kafka.send(t, 0, null, "p0-" + i, 1000L * (i + 1), null);
      kafka.send(t, 1, null, "p1-" + i, 1000L * (i + 1), null);
    }
    kafka.flush();
    DataFrame df = read().option("subscribe", t)
        .option("startingOffsetsByTimestamp", "{\"" + t + "\":{\"0\":3000,\"1\":1000}}").load();
    assertThat(values(runToEnd(df, "by-timestamp"))).containsExactly("p0-2", "p1-0", "p1-1", "p1-2");
  }

  @Test
  void initialOffsetsAreResolvedOnceSoARestartBeforeTheFirstBatchReadsFromThem() throws Exception {
    String t = topic("initial", 1);
    kafka.produce(t, 0, 0, 2);
    DataFrame df = read().option("subscribe", t).load();
    StreamingQuery q = toMemory(df, "initial", Trigger.processingTime(Duration.ZERO));
    q.processAllAvailable();
    q.stop();
    assertThat(MemorySink.rows("initial")).isEmpty();
    kafka.produce(t, 0, 2, 5);
    // "latest" resolved again would skip v2..v4; the checkpoint's initial offsets do not.
    StreamingQuery again = toMemory(read().option("subscribe", t).load(), "initial", Trigger.availableNow());
    assertThat(again.awaitTermination(Duration.ofSeconds(60))).isTrue();
    assertThat(values(MemorySink.rows("initial"))).containsExactly("v2", "v3", "v4");
    assertThat(dir.resolve("cp-initial/sources/0/initial-offsets")).content().contains("{\"" + t + "\":{\"0\":2}}");
  }

  @Test
  void maxOffsetsPerTriggerIsSplitAcrossPartitionsInProportionToWhatIsAvailable() throws Exception {
    String t = topic("max-offsets", 2);
    kafka.produce(t, 0, 0, 100);
    kafka.produce(t, 1, 100, 101);
    DataFrame df = read().option("subscribe", t).option("startingOffsets", "earliest")
        .option("maxOffsetsPerTrigger", "10").load();
    StreamingQuery q = toMemory(df, "max-offsets", Trigger.availableNow());
    assertThat(q.awaitTermination(Duration.ofSeconds(60))).isTrue();
    List<Row> first = MemorySink.batches("max-offsets").get(0);
    Map<Integer, Long> perPartition = first.stream()
        .collect(Collectors.groupingBy(r -> r.getInt(3), TreeMap::new, Collectors.counting()));
    assertThat(perPartition).isEqualTo(Map.of(0, 9L, 1, 1L));
    assertThat(MemorySink.rows("max-offsets")).hasSize(101);
    assertThat(MemorySink.batches("max-offsets")).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(10));
  }

  @Test
  void minOffsetsPerTriggerHoldsBatchesBackUntilEnoughRecordsArrived() {
    String t = topic("min-offsets", 1);
    kafka.produce(t, 0, 0, 5);
    DataFrame df = read().option("subscribe", t).option("startingOffsets", "earliest")
        .option("minOffsetsPerTrigger", "20").option("maxTriggerDelay", "1 hour").load();
    StreamingQuery q = toMemory(df, "min-offsets", Trigger.processingTime(Duration.ZERO));
    try {
      q.processAllAvailable();
      assertThat(MemorySink.batches("min-offsets")).hasSize(1); // the first batch is never held back
      kafka.produce(t, 0, 5, 15);
      q.processAllAvailable();
      assertThat(MemorySink.batches("min-offsets")).hasSize(1);
      kafka.produce(t, 0, 15, 25);
      q.processAllAvailable();
      assertThat(MemorySink.batches("min-offsets")).hasSize(2);
      assertThat(MemorySink.batches("min-offsets").get(1)).hasSize(20);
    } finally {
      q.stop();
    }
  }

  @Test
  void availableNowStopsAtTheOffsetsPinnedAtStartWhileTheTopicKeepsGrowing() throws Exception {
    String t = topic("available-now", 2);
    kafka.produce(t, 0, 0, 30);
    kafka.produce(t, 1, 30, 50);
    // Each finished batch adds 20 records, twice the batch size: chasing the end would never stop.
    StreamingQueryListener grower = new StreamingQueryListener() {
      int n = 1000;

      @Override
      public void onQueryProgress(QueryProgressEvent event) {
        if ("available-now".equals(event.progress().name())) {
          kafka.produce(t, n % 2, n, n + 20);
          n += 20;
        }
      }
    };
    session.streams().addListener(grower);
    try {
      DataFrame df = read().option("subscribe", t).option("startingOffsets", "earliest")
          .option("maxOffsetsPerTrigger", "10").load();
      StreamingQuery q = toMemory(df, "available-now", Trigger.availableNow());
      assertThat(q.awaitTermination(Duration.ofSeconds(60))).isTrue();
    } finally {
      session.streams().removeListener(grower);
    }
    assertThat(values(MemorySink.rows("available-now"))).isEqualTo(range("v", 0, 50));
    assertThat(MemorySink.batches("available-now").size()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void newPartitionsOfASubscribedTopicAreReadFromTheirEarliestOffset() {
    String t = topic("new-partitions", 1);
    kafka.produce(t, 0, 0, 2);
    DataFrame df = read().option("subscribe", t).option("startingOffsets", "earliest").load();
    StreamingQuery q = toMemory(df, "new-partitions", Trigger.processingTime(Duration.ZERO));
    try {
      q.processAllAvailable();
      KAFKA.kafka().addPartitions(t, 3);
      kafka.produce(t, 1, 2, 4);
      kafka.produce(t, 2, 4, 5);
      q.processAllAvailable();
      assertThat(values(MemorySink.rows("new-partitions"))).isEqualTo(range("v", 0, 5));
    } finally {
      q.stop();
    }
  }

  private void readThenDeleteRecords(String t, String name, String failOnDataLoss) throws Exception {
    kafka.produce(t, 0, 0, 10);
    DataFrame df = read().option("subscribe", t).option("startingOffsets", "earliest")
        .option("failOnDataLoss", failOnDataLoss).load();
    StreamingQuery q = toMemory(df, name, Trigger.processingTime(Duration.ZERO));
    q.processAllAvailable();
    q.stop();
    kafka.produce(t, 0, 10, 20);
    kafka.deleteRecordsBefore(t, 0, 15);
  }

  @Test
  void recordsDeletedBeforeTheyWereReadFailTheQueryNamingThePartitionAndRange() throws Exception {
    String t = topic("loss-fail", 1);
    readThenDeleteRecords(t, "loss-fail", "true");
    DataFrame df = read().option("subscribe", t).option("startingOffsets", "earliest").load();
    StreamingQuery q = toMemory(df, "loss-fail", Trigger.availableNow());
    assertThatThrownBy(q::awaitTermination)
        .hasMessageContaining("partition " + t + "-0 lost offsets [10, 15)")
        .hasMessageContaining("failOnDataLoss=false");
  }

  @Test
  void recordsDeletedBeforeTheyWereReadAreSkippedWithFailOnDataLossFalse() throws Exception {
    String t = topic("loss-skip", 1);
    readThenDeleteRecords(t, "loss-skip", "false");
    DataFrame df = read().option("subscribe", t).option("startingOffsets", "earliest")
        .option("failOnDataLoss", "false").load();
    StreamingQuery q = toMemory(df, "loss-skip", Trigger.availableNow());
    assertThat(q.awaitTermination(Duration.ofSeconds(60))).isTrue();
    List<String> expected = new ArrayList<>(range("v", 0, 10));
    expected.addAll(range("v", 15, 20));
    assertThat(values(MemorySink.rows("loss-skip"))).isEqualTo(expected.stream().sorted().toList());
  }

  private void readThenRecreate(String t, String name) {
    kafka.produce(t, 0, 0, 10);
    DataFrame df = read().option("subscribe", t).option("startingOffsets", "earliest").load();
    StreamingQuery q = toMemory(df, name, Trigger.processingTime(Duration.ZERO));
    q.processAllAvailable();
    q.stop();
    KAFKA.kafka().deleteTopic(t);
    KAFKA.kafka().createTopic(t, 1);
    kafka.produce(t, 0, 100, 103);
  }

  @Test
  void aRecreatedTopicFailsTheQueryNamingThePartition() {
    String t = KafkaBrokerExtension.uniqueTopic("recreate-fail");
    KAFKA.kafka().createTopic(t, 1);
    readThenRecreate(t, "recreate-fail");
    StreamingQuery q = toMemory(read().option("subscribe", t).load(), "recreate-fail", Trigger.availableNow());
    assertThatThrownBy(q::awaitTermination)
        .hasMessageContaining("partition " + t + "-0's latest offset 3 is before the next offset to read 10")
        .hasMessageContaining("recreated");
  }

  @Test
  void aRecreatedTopicIsReadFromItsStartWithFailOnDataLossFalse() throws Exception {
    String t = KafkaBrokerExtension.uniqueTopic("recreate-skip");
    KAFKA.kafka().createTopic(t, 1);
    readThenRecreate(t, "recreate-skip");
    StreamingQuery q = toMemory(read().option("subscribe", t).option("failOnDataLoss", "false").load(),
        "recreate-skip", Trigger.availableNow());
    assertThat(q.awaitTermination(Duration.ofSeconds(60))).isTrue();
    List<String> expected = new ArrayList<>(range("v", 0, 10));
    expected.addAll(range("v", 100, 103));
    assertThat(values(MemorySink.rows("recreate-skip"))).isEqualTo(expected.stream().sorted().toList());
  }

  @Test
  void includeHeadersAddsAHeadersColumnOfKeyValueStructs() {
    String t = topic("headers", 1);
    kafka.send(t, 0, "k", "v", null, Map.of("trace", "abc"));
    kafka.send(t, 0, "k", "v2", null, null);
    kafka.flush();
    DataFrame df = read().option("subscribe", t).option("startingOffsets", "earliest")
        .option("includeHeaders", "true").load();
    List<Row> rows = runToEnd(df.select(col("value"), col("headers")), "headers");
    rows = rows.stream().sorted(Comparator.comparing(r -> str((byte[]) r.get(0)))).toList();
    List<?> headers = (List<?>) rows.get(0).get(1);
    assertThat(headers).hasSize(1);
    Row h = (Row) headers.get(0);
    assertThat(h.get("key")).isEqualTo("trace");
    assertThat(str((byte[]) h.get("value"))).isEqualTo("abc");
    assertThat((List<?>) rows.get(1).get(1)).isEmpty();
  }

  @Test
  void progressReportsConsumerLagPerPartition() {
    String t = topic("lag", 2);
    kafka.produce(t, 0, 0, 30);
    kafka.produce(t, 1, 30, 31);
    DataFrame df = read().option("subscribe", t).option("startingOffsets", "earliest")
        .option("maxOffsetsPerTrigger", "10").load();
    StreamingQuery q = toMemory(df, "lag", Trigger.processingTime(Duration.ZERO));
    try {
      q.processAllAvailable();
      Map<String, String> first = q.recentProgress().get(0).sources().get(0).metrics();
      // Batch 0 read 9 of partition 0's 30 and partition 1's only record: lags 21 and 0.
      assertThat(first).containsEntry("maxOffsetsBehindLatest", "21").containsEntry("minOffsetsBehindLatest", "0")
          .containsEntry("avgOffsetsBehindLatest", "10.5")
          .containsEntry("offsetsBehindLatest." + t + ".0", "21").containsEntry("offsetsBehindLatest." + t + ".1", "0");
      assertThat(q.lastProgress().sources().get(0).metrics()).containsEntry("maxOffsetsBehindLatest", "0");
    } finally {
      q.stop();
    }
  }

  @Test
  void wrongOptionsFailAtLoadNamingTheOption() {
    assertThatThrownBy(() -> read().load()).isInstanceOf(AnalysisException.class)
        .hasMessageContaining("exactly one of the options 'subscribe', 'subscribePattern' or 'assign'");
    assertThatThrownBy(() -> read().option("subscribe", "a").option("assign", "{\"a\":[0]}").load())
        .isInstanceOf(AnalysisException.class).hasMessageContaining("got [subscribe, assign]");
    assertThatThrownBy(() -> read().option("subscribe", "a").option("startingOfsets", "earliest").load())
        .isInstanceOf(AnalysisException.class).hasMessageContaining("Unknown option 'startingOfsets'");
    assertThatThrownBy(() -> read().option("subscribe", "a").option("kafka.auto.offset.reset", "earliest").load())
        .isInstanceOf(AnalysisException.class).hasMessageContaining("use the startingOffsets option");
    assertThatThrownBy(() -> read().option("subscribe", "a").option("startingOffsets", "{bad").load())
        .isInstanceOf(AnalysisException.class).hasMessageContaining("startingOffsets");
    assertThatThrownBy(() -> session.readStream().format("kafka").option("subscribe", "a").load())
        .isInstanceOf(AnalysisException.class).hasMessageContaining("kafka.bootstrap.servers");
  }
}
