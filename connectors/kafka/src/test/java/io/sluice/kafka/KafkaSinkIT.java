package io.sluice.kafka;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.lit;
import static io.sluice.kafka.KafkaTestSupport.str;
import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.DataFrame;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.connectors.MemoryStream;
import io.sluice.kafka.testing.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaSinkIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  static final StructType EVENTS = DataTypes.struct(field("k", DataTypes.STRING), field("v", DataTypes.STRING),
      field("n", DataTypes.INT));
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

  private StreamingQuery start(DataFrame df, String name, Map<String, String> options) {
    var w = df.writeStream().format("kafka").queryName(name)
        .option("kafka.bootstrap.servers", KAFKA.bootstrapServers())
        .option("checkpointLocation", dir.resolve("cp-" + name).toString());
    for (Map.Entry<String, String> e : options.entrySet()) {
      w = w.option(e.getKey(), e.getValue());
    }
    return w.start();
  }

  private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> str(r.value())).sorted().toList();
  }

  @Test
  void writesKeyValueAndHeadersToTheTopicColumnVisibleToReadCommittedReaders() throws Exception {
    String t = topic("sink-columns", 2);
    try (MemoryStream in = MemoryStream.create(session, EVENTS)) {
      DataFrame df = in.toDF().select(col("k").as("key"), col("v").as("value"), lit(t).as("topic"));
      StreamingQuery q = start(df, "sink-columns", Map.of());
      try {
        in.addData(Row.of("a", "1", 0), Row.of(null, "2", 0));
        q.processAllAvailable();
        in.addData(Row.of("c", "3", 0));
        q.processAllAvailable();
      } finally {
        q.stop();
      }
    }
    List<ConsumerRecord<byte[], byte[]>> out = kafka.readAll(t, true, 3);
    assertThat(values(out)).containsExactly("1", "2", "3");
    assertThat(out.stream().filter(r -> str(r.value()).equals("2")).findFirst().orElseThrow().key()).isNull();
  }

  @Test
  void topicOptionWinsPartitionColumnPicksThePartitionAndHeadersAreWritten() throws Exception {
    String t = topic("sink-option", 3);
    StructType schema = DataTypes.struct(field("value", DataTypes.BINARY), field("partition", DataTypes.INT),
        field("headers", DataTypes.array(DataTypes.struct(field("key", DataTypes.STRING), field("value", DataTypes.BINARY)))));
    try (MemoryStream in = MemoryStream.create(session, schema)) {
      StreamingQuery q = start(in.toDF(), "sink-option", Map.of("topic", t));
      try {
        in.addData(Row.of("x".getBytes(), 2, List.of(Row.of("h", "hv".getBytes()))), Row.of("y".getBytes(), 1, null));
        q.processAllAvailable();
      } finally {
        q.stop();
      }
    }
    List<ConsumerRecord<byte[], byte[]>> out = kafka.readAll(t, true, 2);
    ConsumerRecord<byte[], byte[]> x = out.stream().filter(r -> str(r.value()).equals("x")).findFirst().orElseThrow();
    assertThat(x.partition()).isEqualTo(2);
    Header h = x.headers().lastHeader("h");
    assertThat(str(h.value())).isEqualTo("hv");
    assertThat(out.stream().filter(r -> str(r.value()).equals("y")).findFirst().orElseThrow().partition()).isEqualTo(1);
  }

  @Test
  void aMissingValueColumnFailsAtStart() {
    try (MemoryStream in = MemoryStream.create(session, EVENTS)) {
      assertThatThrownBy(() -> start(in.toDF(), "sink-no-value", Map.of("topic", "t")))
          .isInstanceOf(AnalysisException.class).hasMessageContaining("needs a 'value' column");
      assertThatThrownBy(() -> start(in.toDF().select(col("v").as("value")), "sink-no-topic", Map.of()))
          .isInstanceOf(AnalysisException.class).hasMessageContaining("'topic' option or a 'topic' column");
      assertThatThrownBy(() -> start(in.toDF().select(col("n").as("value")), "sink-int-value", Map.of("topic", "t")))
          .isInstanceOf(AnalysisException.class).hasMessageContaining("must be string or binary");
      assertThatThrownBy(() -> start(in.toDF().select(col("v").as("value")), "sink-bad-guarantee",
          Map.of("topic", "t", "deliveryGuarantee", "maybe")))
          .isInstanceOf(AnalysisException.class).hasMessageContaining("exactly-once or at-least-once");
    }
  }

  @Test
  void aBatchReplayedAfterTheSinkCommittedIsSkipped() throws Exception {
    String t = topic("sink-replay", 1);
    try (MemoryStream in = MemoryStream.create(session, EVENTS)) {
      DataFrame df = in.toDF().select(col("v").as("value"));
      StreamingQuery q = start(df, "sink-replay", Map.of("topic", t));
      in.addData(Row.of("a", "1", 0));
      q.processAllAvailable();
      in.addData(Row.of("a", "2", 0));
      q.processAllAvailable();
      q.stop();
      // As if the process died after the sink's commit but before commits/1 was written.
      Files.delete(dir.resolve("cp-sink-replay/commits/1"));
      StreamingQuery again = start(df, "sink-replay", Map.of("topic", t));
      again.processAllAvailable();
      assertThat(again.lastProgress().sink().metrics()).containsEntry("skippedReplayedBatches", "1");
      again.stop();
    }
    assertThat(values(kafka.readAll(t, true, 2))).containsExactly("1", "2");
  }

  @Test
  void aProducerErrorFailsTheBatchNamingTheTopicAndPartition() {
    String t = topic("sink-too-large", 1);
    try (MemoryStream in = MemoryStream.create(session, DataTypes.struct(field("value", DataTypes.BINARY)))) {
      StreamingQuery q = start(in.toDF(), "sink-too-large", Map.of("topic", t));
      byte[] big = new byte[2 * 1024 * 1024];
      Arrays.fill(big, (byte) 'x');
      in.addData(Row.of((Object) big));
      assertThatThrownBy(q::processAllAvailable)
          .hasMessageContaining("Kafka sink failed writing batch 0 to topic " + t + " partition")
          .hasMessageContaining("RecordTooLargeException");
      q.stop();
    }
  }

  @Test
  void aMissingTopicFailsTheBatchAndARestartAfterCreatingItWritesEveryRowOnce() throws Exception {
    String t = KafkaBrokerExtension.uniqueTopic("sink-missing");
    try (MemoryStream in = MemoryStream.create(session, EVENTS)) {
      DataFrame df = in.toDF().select(col("v").as("value"));
      Map<String, String> options = Map.of("topic", t, "kafka.max.block.ms", "1500");
      StreamingQuery q = start(df, "sink-missing", options);
      in.addData(Row.of("a", "1", 0), Row.of("a", "2", 0));
      assertThatThrownBy(q::processAllAvailable).hasMessageContaining("topic " + t);
      q.stop();
      KAFKA.kafka().createTopic(t, 1);
      StreamingQuery again = start(df, "sink-missing", options);
      again.processAllAvailable();
      again.stop();
    }
    assertThat(values(kafka.readAll(t, true, 2))).containsExactly("1", "2");
  }

  @Test
  void atLeastOnceWritesWithAnIdempotentProducer() throws Exception {
    String t = topic("sink-alo", 1);
    try (MemoryStream in = MemoryStream.create(session, EVENTS)) {
      StreamingQuery q = start(in.toDF().select(col("v").as("value"), col("k").as("key")), "sink-alo",
          Map.of("topic", t, "deliveryGuarantee", "at-least-once"));
      in.addData(Row.of("a", "1", 0), Row.of("b", "2", 0));
      q.processAllAvailable();
      assertThat(q.lastProgress().sink().description()).isEqualTo("KafkaSink[topic=" + t + ", at-least-once]");
      q.stop();
    }
    assertThat(values(kafka.readAll(t, false, 2))).containsExactly("1", "2");
  }
}
