package io.sluice.engine.internal.agg;

import static io.sluice.api.Functions.avg;
import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.count;
import static io.sluice.api.Functions.sum;
import static io.sluice.api.types.DataTypes.DOUBLE;
import static io.sluice.api.types.DataTypes.INT;
import static io.sluice.api.types.DataTypes.LONG;
import static io.sluice.api.types.DataTypes.STRING;
import static io.sluice.api.types.DataTypes.field;
import static io.sluice.engine.internal.agg.AggTestSupport.aggregate;
import static io.sluice.engine.internal.agg.AggTestSupport.query;
import static io.sluice.engine.internal.agg.AggTestSupport.row;
import static io.sluice.engine.internal.agg.AggTestSupport.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Row;
import io.sluice.api.types.StructType;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountSumAvgTest {
  private static final StructType IN = schema(field("k", STRING), field("i", INT),
      field("l", LONG), field("d", DOUBLE), field("s", STRING));

  private static final List<Row> ROWS = List.of(
      row("a", 1, 10L, 1.5, "2"),
      row("b", null, null, null, null),
      row("a", 2, null, 2.5, "x"),
      row("c", 5, 7L, null, "0.5"),
      row("a", null, 30L, -1.0, null),
      row("b", null, null, null, null),
      row("c", 6, 8L, 4.0, "1.5"),
      row("a", 3, 20L, 1.0, "4"));

  @Test
  void countStarCountsRowsAndCountColumnCountsNonNullValues() {
    List<Row> out = aggregate(query(IN, List.of("k"), count(), count(col("i")), count(col("l"))),
        ROWS);
    assertThat(out).containsExactly(
        row("a", 4L, 3L, 3L),
        row("b", 2L, 0L, 0L),
        row("c", 2L, 2L, 2L));
  }

  @Test
  void sumIsBigintForIntegersDoubleForDoublesAndNullForAllNullGroups() {
    List<Row> out = aggregate(query(IN, List.of("k"), sum(col("i")), sum(col("l")),
        sum(col("d"))), ROWS);
    assertThat(out).containsExactly(
        row("a", 6L, 60L, 4.0),
        row("b", null, null, null),
        row("c", 11L, 15L, 4.0));
  }

  @Test
  void sumOfStringsCastsToDoubleAndSkipsUnparsableValues() {
    List<Row> out = aggregate(query(IN, List.of("k"), sum(col("s")), avg(col("s"))), ROWS);
    assertThat(out).containsExactly(
        row("a", 6.0, 3.0),
        row("b", null, null),
        row("c", 2.0, 1.0));
  }

  @Test
  void avgIsADoubleIgnoringNullsAndNullForAllNullGroups() {
    List<Row> out = aggregate(query(IN, List.of("k"), avg(col("i")), avg(col("l")),
        avg(col("d"))), ROWS);
    assertThat(out).containsExactly(
        row("a", 2.0, 20.0, 1.0),
        row("b", null, null, null),
        row("c", 5.5, 7.5, 4.0));
  }

  @Test
  void integerSumOverflowWrapsAround() {
    StructType in = schema(field("k", INT), field("l", LONG));
    List<Row> out = aggregate(query(in, List.of("k"), sum(col("l"))),
        List.of(row(1, Long.MAX_VALUE), row(1, 1L), row(1, 1L), row(1, 0L)));
    assertThat(out).containsExactly(row(1, Long.MIN_VALUE + 1));
  }

  @Test
  void aggregatesOverExpressionsEvaluateTheArgumentPerRow() {
    List<Row> out = aggregate(query(IN, List.of("k"),
        sum(col("i").multiply(2)).as("twice"), count(col("i").plus(col("l")))), ROWS);
    assertThat(out).containsExactly(
        row("a", 12L, 2L),
        row("b", null, 0L),
        row("c", 22L, 2L));
  }
}
