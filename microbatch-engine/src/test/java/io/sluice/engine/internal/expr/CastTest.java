package io.sluice.engine.internal.expr;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.struct;
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
import static io.sluice.engine.internal.expr.ExprTestSupport.row;
import static io.sluice.engine.internal.expr.ExprTestSupport.schema;
import static io.sluice.engine.internal.expr.ExprTestSupport.select;
import static io.sluice.engine.internal.expr.ExprTestSupport.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CastTest {
  private static ColumnBatch strings(String... values) {
    StructType in = schema(field("s", STRING));
    io.sluice.api.Row[] r = new io.sluice.api.Row[values.length];
    for (int i = 0; i < values.length; i++) {
      r[i] = row(values[i]);
    }
    return batch(in, r);
  }

  @Test
  void stringToNumbersTrimsAndGivesNullForBadText() {
    ColumnBatch out = select(strings(" 42 ", "-7", "1.9", "abc", "", "99999999999", null, "1e3"),
        col("s").cast("int").as("i"), col("s").cast("bigint").as("l"),
        col("s").cast("double").as("d"));
    assertThat(out.schema()).isEqualTo(schema(field("i", INT), field("l", LONG),
        field("d", DOUBLE)));
    assertThat(out.rows()).containsExactly(
        row(42, 42L, 42.0),
        row(-7, -7L, -7.0),
        row(1, 1L, 1.9),
        row(null, null, null),
        row(null, null, null),
        row(null, 99999999999L, 99999999999.0),
        row(null, null, null),
        row(null, null, 1000.0));
  }

  @Test
  void stringToBooleanAcceptsSparksWords() {
    ColumnBatch out = select(strings("true", "F", " yes ", "no", "1", "0", "maybe", null),
        col("s").cast(BOOLEAN));
    assertThat(out.schema()).isEqualTo(schema(field("s", BOOLEAN)));
    assertThat(out.rows()).containsExactly(row(true), row(false), row(true), row(false),
        row(true), row(false), row((Object) null), row((Object) null));
  }

  @Test
  void stringToTimestampParsesIsoWithOptionalZoneAndFraction() {
    ColumnBatch out = select(strings("2024-01-01T10:00:00Z", "2024-01-01 10:00:00",
        "2024-01-01T10:00:00.123456+02:00", "2024-01-01", "2024-02-30 00:00:00",
        "2024-01-01 10:00:00.5 UTC", "not a time", null), col("s").cast(TIMESTAMP));
    assertThat(out.rows()).containsExactly(
        row(ts("2024-01-01T10:00:00Z")),
        row(ts("2024-01-01T10:00:00Z")),
        row(ts("2024-01-01T08:00:00.123456Z")),
        row(ts("2024-01-01T00:00:00Z")),
        row((Object) null),
        row(ts("2024-01-01T10:00:00.5Z")),
        row((Object) null),
        row((Object) null));
  }

  @Test
  void stringToDateAndBinary() {
    ColumnBatch out = select(strings("2024-03-15", "2024-3-5", "2024-03-15T10:00:00", "x", null),
        col("s").cast(DATE).as("d"), col("s").cast(BINARY).as("b"));
    assertThat(out.rows()).containsExactly(
        row(LocalDate.of(2024, 3, 15), "2024-03-15".getBytes(StandardCharsets.UTF_8)),
        row(LocalDate.of(2024, 3, 5), "2024-3-5".getBytes(StandardCharsets.UTF_8)),
        row(LocalDate.of(2024, 3, 15), "2024-03-15T10:00:00".getBytes(StandardCharsets.UTF_8)),
        row(null, "x".getBytes(StandardCharsets.UTF_8)),
        row(null, null));
  }

  @Test
  void timestampToStringTrimsTrailingZerosLikeSpark() {
    StructType in = schema(field("t", TIMESTAMP), field("d", DATE));
    ColumnBatch b = batch(in,
        row(ts("2024-01-01T10:00:00Z"), LocalDate.of(2024, 1, 1)),
        row(ts("2024-01-01T10:00:00.120Z"), LocalDate.of(1969, 12, 31)),
        row(ts("1969-12-31T23:59:59.999999Z"), null),
        row(null, null));
    ColumnBatch out = select(b, col("t").cast(STRING), col("d").cast(STRING).as("ds"),
        col("t").cast(DATE).as("td"));
    assertThat(out.schema()).isEqualTo(schema(field("t", STRING), field("ds", STRING),
        field("td", DATE)));
    assertThat(out.rows()).containsExactly(
        row("2024-01-01 10:00:00", "2024-01-01", LocalDate.of(2024, 1, 1)),
        row("2024-01-01 10:00:00.12", "1969-12-31", LocalDate.of(2024, 1, 1)),
        row("1969-12-31 23:59:59.999999", null, LocalDate.of(1969, 12, 31)),
        row(null, null, null));
  }

  @Test
  void timestampAndBigintConvertAsEpochSeconds() {
    StructType in = schema(field("t", TIMESTAMP), field("l", LONG), field("d", DATE));
    ColumnBatch b = batch(in,
        row(ts("1970-01-01T00:00:01.900Z"), 86_400L, LocalDate.of(1970, 1, 2)),
        row(ts("1969-12-31T23:59:59.500Z"), -1L, null),
        row(null, null, null));
    ColumnBatch out = select(b, col("t").cast(LONG).as("secs"), col("l").cast(TIMESTAMP).as("ts"),
        col("t").cast(DOUBLE).as("dbl"), col("d").cast(TIMESTAMP).as("dts"));
    assertThat(out.rows()).containsExactly(
        row(1L, ts("1970-01-02T00:00:00Z"), 1.9, ts("1970-01-02T00:00:00Z")),
        row(-1L, ts("1969-12-31T23:59:59Z"), -0.5, null),
        row(null, null, null, null));
  }

  @Test
  void numericAndBooleanCastsTruncateAndWrap() {
    StructType in = schema(field("d", DOUBLE), field("l", LONG), field("b", BOOLEAN));
    ColumnBatch b = batch(in, row(-2.7, 4_294_967_297L, true), row(Double.NaN, 0L, false),
        row(null, null, null));
    ColumnBatch out = select(b, col("d").cast(INT).as("di"), col("d").cast(LONG).as("dl"),
        col("l").cast(INT).as("li"), col("l").cast(BOOLEAN).as("lb"), col("b").cast(INT).as("bi"),
        col("b").cast(DOUBLE).as("bd"));
    assertThat(out.rows()).containsExactly(
        row(-2, -2L, 1, true, 1, 1.0),
        row(0, 0L, 0, false, 0, 0.0),
        row(null, null, null, null, null, null));
  }

  @Test
  void anythingCastsToStringIncludingStructsAndArrays() {
    StructType in = schema(field("i", INT), field("s", STRING), field("d", DOUBLE),
        field("arr", array(LONG)), field("bin", BINARY), field("flag", BOOLEAN));
    ColumnBatch b = batch(in,
        row(1, "a", 1.5, List.of(1L, 2L), "hi".getBytes(StandardCharsets.UTF_8), true),
        row(null, null, 1e20, java.util.Arrays.asList(3L, null), null, false));
    ColumnBatch out = select(b, struct(col("i"), col("s")).cast(STRING).as("st"),
        col("arr").cast(STRING).as("a"), col("d").cast(STRING).as("ds"),
        col("bin").cast(STRING).as("bs"), col("flag").cast(STRING).as("fs"),
        col("i").cast(STRING).as("is"));
    assertThat(out.rows()).containsExactly(
        row("{1, a}", "[1, 2]", "1.5", "hi", "true", "1"),
        row("{null, null}", "[3, null]", "1.0E20", null, "false", null));
  }

  @Test
  void unsupportedCastIsAnAnalysisError() {
    StructType in = schema(field("flag", BOOLEAN));
    assertThatThrownBy(() -> select(batch(in), col("flag").cast(DATE)))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("Cannot cast boolean to date: CAST(flag AS date)");
  }
}
