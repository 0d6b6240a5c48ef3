package io.sluice.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.Row;
import io.sluice.api.SluiceException;
import io.sluice.api.connector.FunctionContext;
import io.sluice.api.connector.ScalarFunction;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class AvroFunctionProviderTest {
  static final String ORDER = """
      {"type":"record","name":"Order","fields":[
        {"name":"id","type":"long"},
        {"name":"customer","type":["null","string"]},
        {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"day","type":{"type":"int","logicalType":"date"}},
        {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
        {"name":"tags","type":{"type":"array","items":"string"}},
        {"name":"attrs","type":{"type":"map","values":"int"}},
        {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID"]}},
        {"name":"either","type":["null","int","string"]},
        {"name":"ratio","type":"float"}
      ]}""";

  final AvroFunctionProvider provider = new AvroFunctionProvider();
  final List<Integer> dropped = new ArrayList<>();
  final FunctionContext ctx = new FunctionContext() {
    @Override
    public long batchTimestampMicros() {
      return 0;
    }

    @Override
    public void markDropped(int row) {
      dropped.add(row);
    }
  };

  static byte[] encode(Schema schema, Object datum) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<Object>(schema).write(datum, enc);
    enc.flush();
    return out.toByteArray();
  }

  static BytesVector binaries(byte[]... values) {
    BytesVector v = new BytesVector(DataTypes.BINARY, values.length);
    for (byte[] b : values) {
      v.appendObject(b);
    }
    return v;
  }

  ScalarFunction fromAvro(String schema, Map<String, String> options) {
    return provider.bind("from_avro", List.of(DataTypes.BINARY, DataTypes.STRING, DataTypes.STRING),
        Arrays.asList(null, schema, AvroFunctionProvider.encodeOptions(options)));
  }

  private GenericRecord order(Schema s, long id) {
    GenericRecord r = new GenericData.Record(s);
    r.put("id", id);
    r.put("customer", id % 2 == 0 ? null : "c" + id);
    r.put("ts", 1_700_000_000_123L);
    r.put("day", 19_000);
    r.put("amount", ByteBuffer.wrap(java.math.BigInteger.valueOf(12345).toByteArray()));
    r.put("tags", List.of("a", "b"));
    r.put("attrs", Map.of("x", 1));
    r.put("status", new GenericData.EnumSymbol(s.getField("status").schema(), "PAID"));
    r.put("either", id % 2 == 0 ? 7 : "seven");
    r.put("ratio", 0.5f);
    return r;
  }

  @Test
  void avroTypesMapToStructsArraysNullablesTimestampsDatesAndDoubles() {
    StructType t = (StructType) AvroSchemas.toSluiceType(ORDER);
    assertThat(t.simpleString()).isEqualTo("struct<id:bigint,customer:string,ts:timestamp,day:date,amount:double,"
        + "tags:array<string>,attrs:array<struct<key:string,value:int>>,status:string,"
        + "either:struct<member0:int,member1:string>,ratio:double>");
    assertThat(t.field(0).nullable()).isFalse();
    assertThat(t.field(1).nullable()).isTrue();
  }

  @Test
  void fromAvroDecodesEveryTypeStraightIntoVectors() throws Exception {
    Schema s = new Schema.Parser().parse(ORDER);
    ScalarFunction f = fromAvro(ORDER, Map.of());
    ColumnVector out = f.eval(new ColumnVector[] {binaries(encode(s, order(s, 1)), null, encode(s, order(s, 2)))}, 3, ctx);
    Row r1 = (Row) out.getObject(0);
    assertThat(r1.get("id")).isEqualTo(1L);
    assertThat(r1.get("customer")).isEqualTo("c1");
    assertThat(r1.get("ts")).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
    assertThat(r1.get("day")).isEqualTo(LocalDate.ofEpochDay(19_000));
    assertThat(r1.get("amount")).isEqualTo(123.45);
    assertThat(r1.get("tags")).isEqualTo(List.of("a", "b"));
    assertThat(r1.get("attrs")).isEqualTo(List.of(Row.of("x", 1)));
    assertThat(r1.get("status")).isEqualTo("PAID");
    assertThat(r1.get("either")).isEqualTo(Row.of(null, "seven"));
    assertThat(r1.get("ratio")).isEqualTo(0.5);
    assertThat(out.getObject(1)).isNull();
    Row r2 = (Row) out.getObject(2);
    assertThat(r2.get("customer")).isNull();
    assertThat(r2.get("either")).isEqualTo(Row.of(7, null));
  }

  @Test
  void malformedPayloadsFollowTheParseMode() throws Exception {
    String schema = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"s\",\"type\":\"string\"},"
        + "{\"name\":\"n\",\"type\":\"int\"}]}";
    Schema s = new Schema.Parser().parse(schema);
    GenericRecord good = new GenericData.Record(s);
    good.put("s", "ok");
    good.put("n", 3);
    byte[] ok = encode(s, good);
    byte[] truncated = Arrays.copyOf(ok, 2);
    BytesVector in = binaries(ok, truncated, ok);

    ColumnVector permissive = fromAvro(schema, Map.of("mode", "PERMISSIVE")).eval(new ColumnVector[] {in}, 3, ctx);
    assertThat(permissive.size()).isEqualTo(3);
    assertThat(permissive.getObject(0)).isEqualTo(Row.of("ok", 3));
    assertThat(permissive.getObject(1)).isNull();
    assertThat(permissive.getObject(2)).isEqualTo(Row.of("ok", 3));

    fromAvro(schema, Map.of("mode", "DROPMALFORMED")).eval(new ColumnVector[] {in}, 3, ctx);
    assertThat(dropped).containsExactly(1);

    assertThatThrownBy(() -> fromAvro(schema, Map.of()).eval(new ColumnVector[] {in}, 3, ctx))
        .isInstanceOf(SluiceException.class).hasMessageContaining("Malformed Avro record")
        .hasMessageContaining("mode=PERMISSIVE");
  }

  @Test
  void confluentFramedValuesResolveTheirWriterSchemaByIdIntoTheReaderSchema() throws Exception {
    String writer = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
    String reader = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"},"
        + "{\"name\":\"b\",\"type\":\"string\",\"default\":\"none\"}]}";
    Schema w = new Schema.Parser().parse(writer);
    GenericRecord rec = new GenericData.Record(w);
    rec.put("a", 41);
    byte[] body = encode(w, rec);
    byte[] framed = new byte[body.length + 5];
    ConfluentFraming.writeHeader(framed, 0, 12);
    System.arraycopy(body, 0, framed, 5, body.length);
    ScalarFunction f = fromAvro(reader, Map.of("wireFormat", "confluent", "schema.12", writer, "mode", "PERMISSIVE"));
    ColumnVector out = f.eval(new ColumnVector[] {binaries(framed, body)}, 2, ctx);
    assertThat(out.getObject(0)).isEqualTo(Row.of(41L, "none"));
    assertThat(out.getObject(1)).as("unframed").isNull();
  }

  @Test
  void toAvroWritesWhatFromAvroReads() throws Exception {
    StructType t = DataTypes.struct(DataTypes.field("id", DataTypes.LONG, false), DataTypes.field("name", DataTypes.STRING),
        DataTypes.field("ts", DataTypes.TIMESTAMP), DataTypes.field("tags", DataTypes.array(DataTypes.STRING)));
    ColumnVector in = ColumnVector.allocate(t, 2);
    in.appendObject(Row.of(1L, "x", Instant.ofEpochSecond(5, 1000), List.of("p", "q")));
    in.appendObject(Row.of(2L, null, null, List.of()));
    ScalarFunction to = provider.bind("to_avro", List.of(t), Arrays.asList((Object) null));
    ColumnVector bytes = to.eval(new ColumnVector[] {in}, 2, ctx);
    Schema derived = AvroTypes.toAvro(t, false, "topLevelRecord", null);
    assertThat(derived.getFullName()).isEqualTo("topLevelRecord");
    assertThat(derived.getField("name").schema().getTypes()).hasSize(2);
    ColumnVector back = fromAvro(derived.toString(), Map.of()).eval(new ColumnVector[] {bytes}, 2, ctx);
    assertThat(back.getObject(0)).isEqualTo(Row.of(1L, "x", Instant.ofEpochSecond(5, 1000), List.of("p", "q")));
    assertThat(back.getObject(1)).isEqualTo(Row.of(2L, null, null, List.of()));
  }

  @Test
  void badArgumentsFailAtAnalysis() {
    assertThatThrownBy(() -> provider.bind("from_avro", List.of(DataTypes.INT, DataTypes.STRING), Arrays.asList(null, "\"int\"")))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("binary column");
    assertThatThrownBy(() -> provider.bind("from_avro", List.of(DataTypes.BINARY, DataTypes.STRING), Arrays.asList(null, "{nope")))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("not a valid Avro schema");
    assertThatThrownBy(() -> fromAvro("\"int\"", Map.of("wireFormat", "confluent")))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("schemaRegistryUrl");
    assertThatThrownBy(() -> fromAvro("\"int\"", Map.of("moed", "x")))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("Unknown from_avro option 'moed'");
  }
}
