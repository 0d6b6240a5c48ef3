package io.sluice.engine.internal.expr;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.fromJson;
import static io.sluice.api.types.DataTypes.BINARY;
import static io.sluice.api.types.DataTypes.BOOLEAN;
import static io.sluice.api.types.DataTypes.DATE;
import static io.sluice.api.types.DataTypes.DOUBLE;
import static io.sluice.api.types.DataTypes.INT;
import static io.sluice.api.types.DataTypes.LONG;
import static io.sluice.api.types.DataTypes.STRING;
import static io.sluice.api.types.DataTypes.TIMESTAMP;
import static io.sluice.api.types.DataTypes.array;
import static io.sluice.api.types.DataTypes.field;
import static io.sluice.engine.internal.expr.ExprTestSupport.batch;
import static io.sluice.engine.internal.expr.ExprTestSupport.filter;
import static io.sluice.engine.internal.expr.ExprTestSupport.row;
import static io.sluice.engine.internal.expr.ExprTestSupport.schema;
import static io.sluice.engine.internal.expr.ExprTestSupport.select;
import static io.sluice.engine.internal.expr.ExprTestSupport.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.Row;
import io.sluice.api.SluiceException;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FromJsonTest {
  private static final StructType TEXT = schema(field("value", STRING));
  private static final StructType FLAT = schema(field("id", LONG), field("name", STRING),
      field("score", DOUBLE), field("ok", BOOLEAN), field("ts", TIMESTAMP), field("n", INT));

  private static ColumnBatch texts(String... json) {
    Row[] rows = new Row[json.length];
    for (int i = 0; i < json.length; i++) {
      rows[i] = row(json[i]);
    }
    return batch(TEXT, rows);
  }

  @Test
  void parsesFlatRecordsWithMissingAndUnknownFields() {
    ColumnBatch in = texts(
        "{\"id\": 1, \"name\": \"ann\", \"score\": 9.5, \"ok\": true, "
            + "\"ts\": \"2024-01-01T10:00:00Z\", \"n\": 3}",
        "{\"name\": \"b\\u00e9\\\"q\", \"extra\": {\"deep\": [1, 2]}, \"id\": 2, \"n\": null}",
        "{\"id\": 3, \"score\": 7, \"name\": 42, \"ts\": 1704103200, \"n\": \"12\"}",
        "{}");
    ColumnBatch out = select(select(in, fromJson(col("value"), FLAT).as("j")), col("j"),
        col("j.id"));
    assertThat(out.schema()).isEqualTo(schema(field("j", FLAT), field("id", LONG)));
    assertThat(out.rows()).containsExactly(
        row(row(1L, "ann", 9.5, true, ts("2024-01-01T10:00:00Z"), 3), 1L),
        row(row(2L, "bé\"q", null, null, null, null), 2L),
        row(row(3L, "42", 7.0, null, ts("2024-01-01T10:00:00Z"), 12), 3L),
        row(row(null, null, null, null, null, null), null));
  }

  @Test
  void parsesNestedStructsAndArraysAndExpandsThemWithStar() {
    StructType item = schema(field("sku", STRING), field("qty", INT));
    StructType order = schema(field("id", LONG),
        field("customer", schema(field("name", STRING), field("tags", array(STRING)))),
        field("items", array(item)), field("day", DATE));
    ColumnBatch in = texts(
        "{\"id\": 7, \"customer\": {\"name\": \"zoe\", \"tags\": [\"vip\", null]}, "
            + "\"items\": [{\"sku\": \"a\", \"qty\": 2}, {\"qty\": 1}], \"day\": \"2024-02-29\"}",
        "{\"id\": 8, \"customer\": null, \"items\": []}");
    ColumnBatch out = select(select(in, fromJson(col("value"), order).as("o")), col("o.*"));
    assertThat(out.schema()).isEqualTo(order);
    assertThat(out.rows()).containsExactly(
        row(7L, row("zoe", Arrays.asList("vip", null)), List.of(row("a", 2), row(null, 1)),
            LocalDate.of(2024, 2, 29)),
        row(8L, null, List.of(), null));
  }

  @Test
  void malformedRecordsInPermissiveModeGiveNullFieldsAndTheRawTextInCorruptRecord() {
    StructType withCorrupt = FLAT.add("_corrupt_record", STRING);
    ColumnBatch in = texts("{\"id\": 1}", "{\"id\": 2, \"name\": ", "[1, 2]",
        "{\"id\": {\"nested\": 1}}", "{\"id\": 5} trailing", "{\"id\": 99999999999999999999}",
        "{\"id\": 6}");
    ColumnBatch out = select(in, fromJson(col("value"), withCorrupt).as("j"));
    Object[] nulls = new Object[6];
    assertThat(out.rows()).containsExactly(
        row(row(1L, null, null, null, null, null, null)),
        row(row(concat(nulls, "{\"id\": 2, \"name\": "))),
        row(row(concat(nulls, "[1, 2]"))),
        row(row(concat(nulls, "{\"id\": {\"nested\": 1}}"))),
        row(row(concat(nulls, "{\"id\": 5} trailing"))),
        row(row(concat(nulls, "{\"id\": 99999999999999999999}"))),
        row(row(6L, null, null, null, null, null, null)));
  }

  @Test
  void malformedRecordsInPermissiveModeWithoutCorruptFieldGiveAllNullFields() {
    ColumnBatch in = texts("not json", "{\"id\": 1, \"ok\": [true]}", "{\"id\": 2}");
    ColumnBatch out = select(in, fromJson(col("value"), FLAT).as("j"));
    assertThat(out.rows()).containsExactly(
        row(row(null, null, null, null, null, null)),
        row(row(null, null, null, null, null, null)),
        row(row(2L, null, null, null, null, null)));
  }

  @Test
  void malformedRecordInsideNestedArraysLeavesLaterRowsIntact() {
    StructType item = schema(field("sku", STRING), field("qty", INT),
        field("sub", array(array(INT))));
    StructType order = schema(field("id", LONG), field("items", array(item)),
        field("_corrupt_record", STRING));
    String bad = "{\"id\": 1, \"items\": [{\"sku\": \"a\", \"sub\": [[1, 2], [3, {}]]}]}";
    ColumnBatch in = texts(bad, "{\"items\": [{\"sku\": \"b\", \"qty\": 1, \"sub\": [[4]]}], "
        + "\"id\": 2}");
    ColumnBatch out = select(in, fromJson(col("value"), order).as("o"));
    assertThat(out.rows()).containsExactly(
        row(row(null, null, bad)),
        row(row(2L, List.of(row("b", 1, List.of(List.of(4)))), null)));
  }

  @Test
  void dropMalformedRemovesTheRowFromTheProjectionAndTheFilter() {
    ColumnBatch in = texts("{\"id\": 1}", "{oops", "{\"id\": 3}", null);
    Map<String, String> options = Map.of("mode", "DROPMALFORMED");
    ColumnBatch out = select(in, col("value"), fromJson(col("value"), FLAT, options)
        .getField("id").as("id"));
    assertThat(out.schema()).isEqualTo(schema(field("value", STRING), field("id", LONG)));
    assertThat(out.rows()).containsExactly(row("{\"id\": 1}", 1L), row("{\"id\": 3}", 3L),
        row(null, null));

    ColumnBatch filtered = filter(in, fromJson(col("value"), FLAT, options).getField("id")
        .isNull());
    assertThat(filtered.rows()).containsExactly(row((Object) null));
  }

  @Test
  void failFastThrowsWithTheRecordText() {
    ColumnBatch in = texts("{\"id\": 1}", "{\"id\": \"x\", \"name\": [}");
    assertThatThrownBy(() -> select(in,
        fromJson(col("value"), FLAT, Map.of("mode", "failfast")).as("j")))
        .isInstanceOf(SluiceException.class)
        .hasMessageStartingWith("Malformed JSON record in FAILFAST mode: "
            + "{\"id\": \"x\", \"name\": [}: ");
  }

  @Test
  void failFastTruncatesLongRecordsTo200Characters() {
    String longRecord = "{\"name\": \"" + "x".repeat(300) + "\", \"id\": true}";
    assertThatThrownBy(() -> select(texts(longRecord),
        fromJson(col("value"), FLAT, Map.of("mode", "FAILFAST"))))
        .isInstanceOf(SluiceException.class)
        .hasMessage("Malformed JSON record in FAILFAST mode: " + longRecord.substring(0, 200)
            + "...: field 'id': expected bigint, got a boolean");
  }

  @Test
  void nullAndBlankInputGiveANullStruct() {
    ColumnBatch out = select(texts(null, "  "), fromJson(col("value"), FLAT).as("j"));
    assertThat(out.rows()).containsExactly(row((Object) null), row((Object) null));
  }

  @Test
  void parsesBinaryInputAndTheTimestampFormatOption() {
    StructType in = schema(field("bytes", BINARY));
    ColumnBatch b = batch(in, row((Object) "{\"ts\": \"02/01/2024 10:00\", \"id\": 1}"
        .getBytes(StandardCharsets.UTF_8)));
    ColumnBatch out = select(b, fromJson(col("bytes"), FLAT,
        Map.of("timestampFormat", "dd/MM/yyyy HH:mm")).getField("ts").as("ts"));
    assertThat(out.rows()).containsExactly(row(ts("2024-01-02T10:00:00Z")));
  }

  @Test
  void unknownModeAndNonStringInputAreAnalysisErrors() {
    assertThatThrownBy(() -> select(texts(), fromJson(col("value"), FLAT, Map.of("mode", "LAX"))))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("Unknown from_json mode 'LAX'; use PERMISSIVE, DROPMALFORMED or FAILFAST");
    StructType ints = schema(field("n", INT));
    assertThatThrownBy(() -> select(batch(ints), fromJson(col("n"), FLAT)))
        .isInstanceOf(AnalysisException.class)
        .hasMessageStartingWith("from_json requires a string or binary argument, got int");
  }

  private static Object[] concat(Object[] values, Object last) {
    Object[] out = Arrays.copyOf(values, values.length + 1);
    out[values.length] = last;
    return out;
  }
}
