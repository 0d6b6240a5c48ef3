package io.sluice.kafka;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.struct;
import static io.sluice.api.types.DataTypes.field;
import static io.sluice.kafka.KafkaTestSupport.str;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sluice.api.DataFrame;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.Trigger;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.connectors.MemorySink;
import io.sluice.engine.connectors.MemoryStream;
import io.sluice.kafka.testing.KafkaBrokerExtension;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Avro (plain and Confluent-framed) through Kafka, and dead letters of the source. */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PayloadsIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  static final StructType ORDERS = DataTypes.struct(field("id", DataTypes.LONG, false), field("item", DataTypes.STRING),
      field("ts", DataTypes.TIMESTAMP), field("tags", DataTypes.array(DataTypes.STRING)));
  static final String WRITER = """
      {"type":"record","name":"Order","fields":[
        {"name":"id","type":"long"},
        {"name":"item","type":["null","string"]},
        {"name":"ts","type":["null",{"type":"long","logicalType":"timestamp-micros"}]},
        {"name":"tags","type":{"type":"array","items":"string"}}]}""";
  static final String READER = """
      {"type":"record","name":"Order","fields":[
        {"name":"id","type":"long"},
        {"name":"item","type":["null","string"]},
        {"name":"tags","type":{"type":"array","items":"string"}},
        {"name":"channel","type":"string","default":"web"}]}""";
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

  private void writeOrders(String topic, Map<String, String> toAvroOptions, String name) {
    KAFKA.kafka().createTopic(topic, 2);
    try (MemoryStream in = MemoryStream.create(session, ORDERS)) {
      DataFrame df = in.toDF().select(col("id").cast(DataTypes.STRING).as("key"),
          AvroFunctions.toAvro(struct(col("id"), col("item"), col("ts"), col("tags")), WRITER, toAvroOptions).as("value"));
      StreamingQuery q = df.writeStream().format("kafka").queryName(name)
          .option("kafka.bootstrap.servers", KAFKA.bootstrapServers()).option("topic", topic)
          .option("checkpointLocation", dir.resolve("cp-w-" + name).toString()).start();
      in.addData(Row.of(1L, "apple", Instant.ofEpochSecond(100), List.of("fruit")),
          Row.of(2L, null, null, List.of()));
      q.processAllAvailable();
      q.stop();
    }
  }

  private List<Row> readBack(String topic, DataFrameFn select, String name) {
    DataFrame df = select.apply(session.readStream().format("kafka")
        .option("kafka.bootstrap.servers", KAFKA.bootstrapServers()).option("subscribe", topic)
        .option("startingOffsets", "earliest").load());
    StreamingQuery q = df.writeStream().format("memory").queryName(name).trigger(Trigger.availableNow())
        .option("checkpointLocation", dir.resolve("cp-r-" + name).toString()).start();
    try {
      assertThat(q.awaitTermination(Duration.ofSeconds(60))).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    return MemorySink.rows(name).stream().sorted(Comparator.comparing(r -> (Long) r.get(0))).toList();
  }

  interface DataFrameFn {
    DataFrame apply(DataFrame df);
  }

  @Test
  void plainAvroRoundTripsThroughKafka() {
    String t = KafkaBrokerExtension.uniqueTopic("avro-plain");
    writeOrders(t, Map.of(), "avro-plain");
    List<Row> rows = readBack(t, df -> df.select(AvroFunctions.fromAvro(col("value"), WRITER).as("o")).select("o.*"),
        "avro-plain-read");
    assertThat(rows).containsExactly(Row.of(1L, "apple", Instant.ofEpochSecond(100), List.of("fruit")),
        Row.of(2L, null, null, List.of()));
  }

  @Test
  void confluentFramedAvroIsDecodedWithWriterSchemasFromTheRegistry() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.createContext("/schemas/ids/", exchange -> {
      boolean known = exchange.getRequestURI().getPath().endsWith("/42");
      lookups.incrementAndGet();
      byte[] body = (known ? "{\"schema\":" + com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
          .writeValueAsString(WRITER) + "}" : "{\"error_code\":40403}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(known ? 200 : 404, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    registry.start();
    try {
      String t = KafkaBrokerExtension.uniqueTopic("avro-confluent");
      writeOrders(t, Map.of("wireFormat", "confluent", "schemaId", "42"), "avro-confluent");
      List<ConsumerRecord<byte[], byte[]>> raw = kafka.readAll(t, true, 2);
      assertThat(raw).allSatisfy(r -> assertThat(r.value()[0]).isZero());
      String url = "http://127.0.0.1:" + registry.getAddress().getPort();
      List<Row> rows = readBack(t, df -> df.select(AvroFunctions.fromAvro(col("value"), READER,
          Map.of("wireFormat", "confluent", "schemaRegistryUrl", url)).as("o")).select("o.*"), "avro-confluent-read");
      // Read with an evolved reader schema: ts dropped, channel added with its default.
      assertThat(rows).containsExactly(Row.of(1L, "apple", List.of("fruit"), "web"), Row.of(2L, null, List.of(), "web"));
      assertThat(lookups.get()).as("schemas are cached per id").isLessThanOrEqualTo(2);
    } finally {
      registry.stop(0);
    }
  }

  @Test
  void valuesFailingTheDeclaredFormatGoToTheDeadLetterTopicWithTheError() throws Exception {
    String t = KafkaBrokerExtension.uniqueTopic("dlt-in");
    String dlt = KafkaBrokerExtension.uniqueTopic("dlt");
    KAFKA.kafka().createTopic(t, 2);
    KAFKA.kafka().createTopic(dlt, 1);
    kafka.send(t, 0, "a", "{\"n\":1}", null, null);
    kafka.send(t, 0, "b", "{\"n\":", null, Map.of("trace", "t1"));
    kafka.send(t, 1, "c", "[1,2]", null, null);
    kafka.send(t, 1, "d", "{\"n\":4}", null, null);
    kafka.flush();
    DataFrame df = session.readStream().format("kafka")
        .option("kafka.bootstrap.servers", KAFKA.bootstrapServers()).option("subscribe", t)
        .option("startingOffsets", "earliest").option("valueFormat", "json").option("deadLetterTopic", dlt).load()
        .select(col("key").cast(DataTypes.STRING).as("k"));
    StreamingQuery q = df.writeStream().format("memory").queryName("dlt").trigger(Trigger.availableNow())
        .option("checkpointLocation", dir.resolve("cp-dlt").toString()).start();
    assertThat(q.awaitTermination(Duration.ofSeconds(60))).isTrue();
    assertThat(MemorySink.rows("dlt")).extracting(r -> r.get(0)).containsExactlyInAnyOrder("a", "d");

    List<ConsumerRecord<byte[], byte[]>> dead = kafka.readAll(dlt, false, 2);
    assertThat(dead).extracting(r -> str(r.key())).containsExactlyInAnyOrder("b", "c");
    ConsumerRecord<byte[], byte[]> b = dead.stream().filter(r -> str(r.key()).equals("b")).findFirst().orElseThrow();
    assertThat(str(b.value())).isEqualTo("{\"n\":");
    assertThat(str(b.headers().lastHeader("sluice.error").value())).contains("malformed JSON");
    assertThat(str(b.headers().lastHeader("trace").value())).isEqualTo("t1");
    assertThat(str(b.headers().lastHeader("sluice.source.topic").value())).isEqualTo(t);
    assertThat(str(b.headers().lastHeader("sluice.source.offset").value())).isEqualTo("1");
    ConsumerRecord<byte[], byte[]> c = dead.stream().filter(r -> str(r.key()).equals("c")).findFirst().orElseThrow();
    assertThat(str(c.headers().lastHeader("sluice.error").value())).isEqualTo("value is not a JSON object");
  }
}
