package io.sluice.engine.internal.expr;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.currentTimestamp;
import static io.sluice.api.Functions.dateTrunc;
import static io.sluice.api.Functions.toTimestamp;
import static io.sluice.api.types.DataTypes.STRING;
import static io.sluice.api.types.DataTypes.TIMESTAMP;
import static io.sluice.api.types.DataTypes.field;
import static io.sluice.engine.internal.expr.ExprTestSupport.BATCH_TIME;
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
import org.junit.jupiter.api.Test;

class DateTimeFunctionsTest {
  @Test
  void toTimestampWithoutPatternParsesIso() {
    StructType in = schema(field("s", STRING));
    ColumnBatch out = select(batch(in, row("2024-01-01T10:00:00Z"), row("2024-01-01 10:00:00.25"),
        row("garbage"), row((Object) null)), toTimestamp(col("s")));
    assertThat(out.schema()).isEqualTo(schema(field("to_timestamp(s)", TIMESTAMP)));
    assertThat(out.rows()).containsExactly(row(ts("2024-01-01T10:00:00Z")),
        row(ts("2024-01-01T10:00:00.250Z")), row((Object) null), row((Object) null));
  }

  @Test
  void toTimestampWithPatternIsUtcUnlessTheTextHasAZone() {
    StructType in = schema(field("s", STRING));
    ColumnBatch b = batch(in, row("01/02/2024 10:30"), row("31/12/1999 23:59"), row("2024-01-02"),
        row((Object) null));
    ColumnBatch out = select(b, toTimestamp(col("s"), "dd/MM/yyyy HH:mm").as("t"));
    assertThat(out.rows()).containsExactly(row(ts("2024-02-01T10:30:00Z")),
        row(ts("1999-12-31T23:59:00Z")), row((Object) null), row((Object) null));
    ColumnBatch zoned = select(batch(in, row("2024-01-02 10:00 +0100")),
        toTimestamp(col("s"), "yyyy-MM-dd HH:mm Z").as("t"));
    assertThat(zoned.rows()).containsExactly(row(ts("2024-01-02T09:00:00Z")));
  }

  @Test
  void dateTruncTruncatesToEveryUnit() {
    StructType in = schema(field("t", TIMESTAMP));
    ColumnBatch b = batch(in, row(ts("2024-05-15T13:45:30.123456Z")), row((Object) null));
    ColumnBatch out = select(b, dateTrunc("year", col("t")).as("year"),
        dateTrunc("QUARTER", col("t")).as("quarter"), dateTrunc("month", col("t")).as("month"),
        dateTrunc("week", col("t")).as("week"), dateTrunc("day", col("t")).as("day"),
        dateTrunc("hour", col("t")).as("hour"), dateTrunc("minute", col("t")).as("minute"),
        dateTrunc("second", col("t")).as("second"),
        dateTrunc("millisecond", col("t")).as("ms"));
    assertThat(out.rows()).containsExactly(
        row(ts("2024-01-01T00:00:00Z"), ts("2024-04-01T00:00:00Z"), ts("2024-05-01T00:00:00Z"),
            ts("2024-05-13T00:00:00Z"), ts("2024-05-15T00:00:00Z"), ts("2024-05-15T13:00:00Z"),
            ts("2024-05-15T13:45:00Z"), ts("2024-05-15T13:45:30Z"),
            ts("2024-05-15T13:45:30.123Z")),
        row(null, null, null, null, null, null, null, null, null));
  }

  @Test
  void dateTruncWeekStartsOnMondayBeforeTheEpoch() {
    StructType in = schema(field("t", TIMESTAMP));
    ColumnBatch out = select(batch(in, row(ts("1969-12-31T12:00:00Z"))),
        dateTrunc("week", col("t")).as("w"));
    assertThat(out.rows()).containsExactly(row(ts("1969-12-29T00:00:00Z")));
  }

  @Test
  void unknownDateTruncUnitIsAnAnalysisError() {
    StructType in = schema(field("t", TIMESTAMP));
    assertThatThrownBy(() -> select(batch(in), dateTrunc("fortnight", col("t"))))
        .isInstanceOf(AnalysisException.class)
        .hasMessageStartingWith("Unknown date_trunc unit 'fortnight'");
  }

  @Test
  void currentTimestampIsTheBatchTimeOfTheContext() {
    StructType in = schema(field("s", STRING));
    ColumnBatch out = select(batch(in, row("a"), row("b")), currentTimestamp());
    assertThat(out.schema()).isEqualTo(schema(field("current_timestamp()", TIMESTAMP)));
    assertThat(out.rows()).containsExactly(row(BATCH_TIME), row(BATCH_TIME));
  }
}
