package io.sluice.engine.internal.agg;

import static io.sluice.api.Functions.approxCountDistinct;
import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.countDistinct;
import static io.sluice.api.types.DataTypes.INT;
import static io.sluice.api.types.DataTypes.LONG;
import static io.sluice.api.types.DataTypes.STRING;
import static io.sluice.api.types.DataTypes.field;
import static io.sluice.engine.internal.agg.AggTestSupport.aggregate;
import static io.sluice.engine.internal.agg.AggTestSupport.query;
import static io.sluice.engine.internal.agg.AggTestSupport.row;
import static io.sluice.engine.internal.agg.AggTestSupport.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.api.Row;
import io.sluice.api.types.StructType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistinctCountTest {
  private static final StructType IN = schema(field("k", STRING), field("a", INT),
      field("b", STRING), field("n", LONG));

  @Test
  void countDistinctCountsDistinctNonNullValues() {
    List<Row> rows = List.of(row("x", 1, "p", 0L), row("x", 1, "q", 0L), row("x", null, "p", 0L),
        row("x", 2, null, 0L), row("y", null, null, 0L), row("x", 2, "p", 0L));
    List<Row> out = aggregate(query(IN, List.of("k"), countDistinct(col("a")),
        countDistinct(col("b"))), rows);
    assertThat(out).containsExactly(row("x", 2L, 2L), row("y", 0L, 0L));
  }

  @Test
  void countDistinctOfSeveralColumnsCountsCombinationsWhereAllAreNonNull() {
    List<Row> rows = List.of(row("x", 1, "p", 0L), row("x", 1, "q", 0L), row("x", 1, "p", 0L),
        row("x", null, "p", 0L), row("x", 2, null, 0L), row("x", 2, "p", 0L),
        row("y", null, "p", 0L));
    List<Row> out = aggregate(query(IN, List.of("k"), countDistinct(col("a"), col("b"))), rows);
    assertThat(out).containsExactly(row("x", 3L), row("y", 0L));
  }

  @Test
  void countDistinctBufferIsTheArrayOfDistinctValues() {
    AggregateFunctions fns = query(IN, List.of("k"), countDistinct(col("a"), col("b")),
        countDistinct(col("n"))).functions();
    assertThat(fns.bufferSchema().simpleString())
        .isEqualTo("struct<agg0_distinct:array<struct<_1:int,_2:string>>,"
            + "agg1_distinct:array<bigint>>");
    List<Object> a = new ArrayList<>(List.of(List.of(row(1, "p")), List.of(1L, 2L)));
    List<Object> b = new ArrayList<>(List.of(List.of(row(1, "p"), row(1, "q")), List.of(2L)));
    List<Object> merged = fns.merge(a, b);
    assertThat(merged).isEqualTo(List.of(List.of(row(1, "p"), row(1, "q")), List.of(1L, 2L)));
    assertThat(fns.finish(merged)).containsExactly(2L, 2L);
  }

  @Test
  void approxCountDistinctHasARelativeStandardErrorOfAboutFivePercent() {
    // p = 9 means a relative standard error of 1.04 / sqrt(512) = 4.6%: any single estimate is
    // off by more than 5% about a quarter of the time, so check the error over 30 independent
    // sets of 10,000 distinct values (one group each): root mean square within 6% (4.6% plus the
    // sampling spread of 30 sets), every set within 3.3 standard errors
    int sets = 30;
    int distinct = 10_000;
    List<Row> rows = new ArrayList<>();
    for (int s = 0; s < sets; s++) {
      for (int i = 0; i < distinct; i++) {
        long v = s * 1_000_000L + i;
        rows.add(row("set" + s, i, "v" + v, v));
      }
    }
    List<Row> out = aggregate(query(IN, List.of("k"), approxCountDistinct(col("n")),
        approxCountDistinct(col("b"))), rows);
    assertThat(out).hasSize(sets);
    for (int c = 1; c <= 2; c++) {
      double squares = 0;
      for (Row r : out) {
        double error = ((Long) r.get(c)).doubleValue() / distinct - 1;
        assertThat(Math.abs(error)).as("relative error of %s", r).isLessThan(0.15);
        squares += error * error;
      }
      assertThat(Math.sqrt(squares / sets)).as("root mean square relative error").isLessThan(0.06);
    }
  }

  @Test
  void approxCountDistinctCountsEachValueOnceHoweverOftenItRepeats() {
    List<Row> once = new ArrayList<>();
    List<Row> thrice = new ArrayList<>();
    for (long i = 0; i < 30_000; i++) {
      long v = (i * 7_919) % 10_000;
      if (i < 10_000) {
        once.add(row("k", 0, null, v));
      }
      thrice.add(row("k", 0, null, v));
    }
    AggTestSupport.Query q = query(IN, List.of("k"), approxCountDistinct(col("n")));
    assertThat(aggregate(q, thrice)).isEqualTo(aggregate(q, once));
  }

  @Test
  void approxCountDistinctIsCloseForSmallCardinalitiesAndZeroForNulls() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(row("small", i % 30, null, null));
    }
    rows.add(row("nulls", null, null, null));
    List<Row> out = aggregate(query(IN, List.of("k"), approxCountDistinct(col("a")),
        approxCountDistinct(col("n"))), rows);
    assertThat(((Long) out.get(0).get(1)).doubleValue()).isCloseTo(30, within(2.0));
    assertThat(out.get(0).get(2)).isEqualTo(0L);
    assertThat(out.get(1)).isEqualTo(row("nulls", 0L, 0L));
  }

  @Test
  void approxCountDistinctBufferIsBinaryRegistersMergedByMax() {
    AggregateFunctions fns = query(IN, List.of("k"), approxCountDistinct(col("a"))).functions();
    assertThat(fns.bufferSchema().simpleString()).isEqualTo("struct<agg0_hll:binary>");
    byte[] a = new byte[HyperLogLog.M];
    byte[] b = new byte[HyperLogLog.M];
    a[0] = 3;
    b[0] = 1;
    b[1] = 2;
    List<Object> merged = fns.merge(List.of(a), List.of(b));
    byte[] m = (byte[]) merged.get(0);
    assertThat(m[0]).isEqualTo((byte) 3);
    assertThat(m[1]).isEqualTo((byte) 2);
    assertThat(a[1]).as("inputs unchanged").isZero();
    assertThat((Long) fns.finish(merged)[0]).isEqualTo(2L);
  }
}
