package io.sluice.engine.internal.agg;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.max;
import static io.sluice.api.Functions.min;
import static io.sluice.api.types.DataTypes.BOOLEAN;
import static io.sluice.api.types.DataTypes.DATE;
import static io.sluice.api.types.DataTypes.DOUBLE;
import static io.sluice.api.types.DataTypes.INT;
import static io.sluice.api.types.DataTypes.LONG;
import static io.sluice.api.types.DataTypes.STRING;
import static io.sluice.api.types.DataTypes.TIMESTAMP;
import static io.sluice.api.types.DataTypes.field;
import static io.sluice.engine.internal.agg.AggTestSupport.aggregate;
import static io.sluice.engine.internal.agg.AggTestSupport.query;
import static io.sluice.engine.internal.agg.AggTestSupport.row;
import static io.sluice.engine.internal.agg.AggTestSupport.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Row;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinMaxTest {
  private static final Instant T1 = Instant.parse("2024-01-01T00:00:00.000001Z");
  private static final Instant T2 = Instant.parse("2024-01-01T00:00:05Z");
  private static final LocalDate D1 = LocalDate.of(1969, 12, 31);
  private static final LocalDate D2 = LocalDate.of(2024, 2, 29);

  @Test
  void minAndMaxOfNumbersTimestampsDatesAndBooleansIgnoreNulls() {
    StructType in = schema(field("k", INT), field("i", INT), field("l", LONG), field("d", DOUBLE),
        field("t", TIMESTAMP), field("dt", DATE), field("b", BOOLEAN));
    List<Row> rows = List.of(
        row(1, 5, -3L, 2.5, T2, D2, true),
        row(2, null, null, null, null, null, null),
        row(1, -7, 9L, -0.5, T1, null, false),
        row(1, null, null, null, null, D1, null),
        row(1, 3, 4L, Double.NaN, null, D2, true));
    List<Row> out = aggregate(query(in, List.of("k"),
        min(col("i")), max(col("i")), min(col("l")), max(col("l")), min(col("d")), max(col("d")),
        min(col("t")), max(col("t")), min(col("dt")), max(col("dt")), min(col("b")),
        max(col("b"))), rows);
    assertThat(out).containsExactly(
        row(1, -7, 5, -3L, 9L, -0.5, Double.NaN, T1, T2, D1, D2, false, true),
        row(2, null, null, null, null, null, null, null, null, null, null, null, null));
  }

  @Test
  void stringsCompareByUtf8BytesUnsigned() {
    StructType in = schema(field("k", INT), field("s", STRING));
    // U+FF21 (3 UTF-8 bytes) < U+1F600 (4 bytes, a surrogate pair in UTF-16, which String's
    // compareTo would order before U+FF21)
    List<Row> rows = List.of(row(1, "b"), row(1, "\uFF21"), row(1, "\uD83D\uDE00"), row(1, "B"),
        row(1, null), row(1, "ab"), row(2, "only"));
    List<Row> out = aggregate(query(in, List.of("k"), min(col("s")), max(col("s"))), rows);
    assertThat(out).containsExactly(row(1, "B", "\uD83D\uDE00"), row(2, "only", "only"));
  }

  @Test
  void minAndMaxOfStructsCompareFieldByFieldWithNullsFirst() {
    StructType pair = schema(field("a", INT), field("b", STRING));
    StructType in = schema(field("k", INT), field("p", pair));
    List<Row> rows = List.of(row(1, row(2, "x")), row(1, row(1, "z")), row(1, row(1, null)),
        row(1, null), row(1, row(2, "y")));
    List<Row> out = aggregate(query(in, List.of("k"), min(col("p")), max(col("p"))), rows);
    assertThat(out).containsExactly(row(1, row(1, null), row(2, "y")));
  }

  @Test
  void manyUpdatesPerGroupAcrossBatchesKeepTheExtremes() {
    // monotonic input makes every batch improve every group's value: exercises arena compaction
    StructType in = schema(field("k", INT), field("s", STRING));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      rows.add(row(i % 7, String.format("v%05d", i)));
    }
    GroupedAggregatorTest.feedInBatches(query(in, List.of("k"), min(col("s")), max(col("s"))),
        rows, 100, out -> {
          assertThat(out).hasSize(7);
          for (int k = 0; k < 7; k++) {
            assertThat(out.get(k)).isEqualTo(row(k, String.format("v%05d", k),
                String.format("v%05d", 5999 - (5999 - k) % 7)));
          }
        });
    assertThat(aggregate(query(in, List.of("k"), max(col("s"))), rows)).hasSize(7);
  }

  @Test
  void resultTypeIsTheInputType() {
    StructType in = schema(field("t", TIMESTAMP));
    AggregateFunctions fns = new AggregateFunctions(AggTestSupport.exprs(min(col("t"))), in);
    assertThat(fns.resultSchema()).isEqualTo(DataTypes.struct(field("min(t)", TIMESTAMP)));
  }
}
