package io.sluice.engine.internal.agg;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.count;
import static io.sluice.api.Functions.sum;
import static io.sluice.api.types.DataTypes.BINARY;
import static io.sluice.api.types.DataTypes.DOUBLE;
import static io.sluice.api.types.DataTypes.INT;
import static io.sluice.api.types.DataTypes.LONG;
import static io.sluice.api.types.DataTypes.STRING;
import static io.sluice.api.types.DataTypes.TIMESTAMP;
import static io.sluice.api.types.DataTypes.field;
import static io.sluice.engine.internal.agg.AggTestSupport.aggregate;
import static io.sluice.engine.internal.agg.AggTestSupport.ctx;
import static io.sluice.engine.internal.agg.AggTestSupport.query;
import static io.sluice.engine.internal.agg.AggTestSupport.row;
import static io.sluice.engine.internal.agg.AggTestSupport.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Row;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.StructType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class GroupedAggregatorTest {
  private static final Instant W0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Instant W1 = Instant.parse("2024-01-01T00:00:10Z");
  private static final Instant W2 = Instant.parse("2024-01-01T00:00:20Z");

  /** Feeds rows in batches to one aggregator and hands its finished rows to a check. */
  static void feedInBatches(AggTestSupport.Query q, List<Row> rows, int batchRows,
      Consumer<List<Row>> check) {
    GroupedAggregator agg = new GroupedAggregator(q.functions(), q.keySchema());
    AggTestSupport.feed(q, agg, rows, batchRows);
    check.accept(AggTestSupport.finish(agg));
  }

  @Test
  void windowStructAndStringKeysGroupLikeTheBenchmarkQuery() {
    StructType window = schema(field("start", TIMESTAMP), field("end", TIMESTAMP));
    StructType in = schema(field("window", window), field("page", STRING), field("amount", LONG));
    List<Row> rows = List.of(
        row(row(W0, W1), "/home", 5L),
        row(row(W0, W1), "/cart", 7L),
        row(row(W1, W2), "/home", 1L),
        row(row(W0, W1), "/home", 2L),
        row(row(W1, W2), "/home", null),
        row(row(W0, W1), "/cart", 3L));
    List<Row> out = aggregate(query(in, List.of("window", "page"), count().as("views"),
        sum(col("amount")).as("revenue")), rows);
    assertThat(out).containsExactly(
        row(row(W0, W1), "/home", 2L, 7L),
        row(row(W0, W1), "/cart", 2L, 10L),
        row(row(W1, W2), "/home", 2L, 1L));
  }

  @Test
  void nullKeysFormTheirOwnGroup() {
    StructType in = schema(field("k", STRING), field("t", TIMESTAMP), field("v", INT));
    List<Row> rows = List.of(row(null, W0, 1), row("a", null, 2), row(null, W0, 3),
        row("a", null, 4), row(null, null, 5), row("", W0, 6));
    List<Row> out = aggregate(query(in, List.of("k", "t"), sum(col("v"))), rows);
    assertThat(out).containsExactly(row(null, W0, 4L), row("a", null, 6L), row(null, null, 5L),
        row("", W0, 6L));
  }

  @Test
  void nullStructKeyDiffersFromStructOfNulls() {
    StructType pair = schema(field("a", INT), field("b", INT));
    StructType in = schema(field("p", pair), field("v", INT));
    List<Row> rows = List.of(row(null, 1), row(row(null, null), 2), row(null, 3),
        row(row(null, null), 4));
    assertThat(aggregate(query(in, List.of("p"), sum(col("v"))), rows))
        .containsExactly(row(null, 4L), row(row(null, null), 6L));
  }

  @Test
  void doubleKeysTreatNegativeZeroAsZeroAndNanAsOneValue() {
    StructType in = schema(field("d", DOUBLE));
    List<Row> rows = List.of(row(0.0), row(-0.0), row(Double.NaN), row(0.0 / 0.0), row(1.0));
    assertThat(aggregate(query(in, List.of("d"), count()), rows))
        .containsExactly(row(0.0, 2L), row(Double.NaN, 2L), row(1.0, 1L));
  }

  @Test
  void manyGroupsSurviveRehashing() {
    StructType in = schema(field("k", LONG), field("s", STRING), field("v", INT));
    List<Row> rows = new ArrayList<>();
    List<Row> expected = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (long k = 0; k < 20_000; k++) {
        rows.add(row(k * 1_000_003L, "s" + (k % 3), (int) (k % 10)));
      }
    }
    for (long k = 0; k < 20_000; k++) {
      expected.add(row(k * 1_000_003L, "s" + (k % 3), 3L, 3L * (k % 10)));
    }
    assertThat(aggregate(query(in, List.of("k", "s"), count(), sum(col("v"))), rows))
        .isEqualTo(expected);
  }

  @Test
  void noKeysMeansOneGlobalGroup() {
    StructType in = schema(field("v", INT));
    assertThat(aggregate(query(in, List.of(), count(), sum(col("v"))),
        List.of(row(1), row(2), row((Object) null))))
        .containsExactly(row(3L, 3L));
  }

  @Test
  void skippedRowsAreIgnoredAndCreateNoGroup() {
    StructType in = schema(field("k", STRING), field("v", INT));
    AggTestSupport.Query q = query(in, List.of("k"), count(), sum(col("v")));
    GroupedAggregator agg = new GroupedAggregator(q.functions(), q.keySchema());
    ColumnBatch b = ColumnBatch.fromRows(in, List.of(row("late", 100), row("a", 1),
        row("a", 2), row("late", 200), row("b", 3)));
    agg.addInput(q.keys(b), b, new boolean[] {true, false, true, true, false}, ctx());
    assertThat(AggTestSupport.finish(agg)).containsExactly(row("a", 1L, 1L), row("b", 1L, 3L));
  }

  @Test
  void emptyInputAndEmptyPartialsMakeNoGroups() {
    StructType in = schema(field("k", STRING), field("v", INT));
    AggTestSupport.Query q = query(in, List.of("k"), count(), sum(col("v")));
    GroupedAggregator agg = new GroupedAggregator(q.functions(), q.keySchema());
    ColumnBatch empty = ColumnBatch.empty(in);
    agg.addInput(q.keys(empty), empty, null, ctx());
    agg.addPartial(agg.toPartial());
    assertThat(agg.numGroups()).isZero();
    assertThat(agg.toPartial().numRows()).isZero();
  }

  @Test
  void partialBatchHasKeyFieldsThenBufferFields() {
    StructType in = schema(field("k", STRING), field("v", INT));
    AggTestSupport.Query q = query(in, List.of("k"), count(), sum(col("v")).as("total"));
    GroupedAggregator agg = new GroupedAggregator(q.functions(), q.keySchema());
    AggTestSupport.feed(q, agg, List.of(row("a", 1), row("b", null), row("a", 5)), 10);
    ColumnBatch partial = agg.toPartial();
    assertThat(partial.schema()).isEqualTo(schema(field("k", STRING),
        field("agg0_count", LONG, false), field("agg1_sum", LONG)));
    assertThat(partial.rows()).containsExactly(row("a", 2L, 6L), row("b", 1L, null));
    assertThat(agg.keyValues(1)).containsExactly("b");
    assertThat(agg.bufferValues(0)).containsExactly(2L, 6L);
  }

  @Test
  void partialIsASnapshotThatLaterInputDoesNotChange() {
    StructType in = schema(field("k", STRING), field("v", INT));
    AggTestSupport.Query q = query(in, List.of("k"), sum(col("v")));
    GroupedAggregator agg = new GroupedAggregator(q.functions(), q.keySchema());
    AggTestSupport.feed(q, agg, List.of(row("a", 1)), 10);
    ColumnBatch before = agg.toPartial();
    AggTestSupport.feed(q, agg, List.of(row("a", 2), row("b", 3)), 10);
    assertThat(before.rows()).containsExactly(row("a", 1L));
  }

  @Test
  void clearForgetsAllGroupsAndTheAggregatorIsReusable() {
    StructType in = schema(field("k", STRING), field("v", INT));
    AggTestSupport.Query q = query(in, List.of("k"), count(), sum(col("v")),
        io.sluice.api.Functions.first(col("v")), io.sluice.api.Functions.collectList(col("v")),
        io.sluice.api.Functions.approxCountDistinct(col("v")));
    GroupedAggregator agg = new GroupedAggregator(q.functions(), q.keySchema());
    List<Row> first = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      first.add(row("k" + i, i));
    }
    AggTestSupport.feed(q, agg, first, 64);
    agg.clear();
    assertThat(agg.numGroups()).isZero();
    AggTestSupport.feed(q, agg, List.of(row("k7", 1), row("z", 2), row("k7", 3)), 64);
    assertThat(AggTestSupport.finish(agg)).containsExactly(
        row("k7", 2L, 4L, 1, List.of(1, 3), 2L),
        row("z", 1L, 2L, 2, List.of(2), 1L));
  }

  @Test
  void binaryKeysGroupByContent() {
    StructType in = schema(field("b", BINARY), field("v", INT));
    AggTestSupport.Query q = query(in, List.of("b"), sum(col("v")));
    GroupedAggregator agg = new GroupedAggregator(q.functions(), q.keySchema());
    AggTestSupport.feed(q, agg, List.of(row(new byte[] {1, 2}, 1), row(new byte[] {}, 2),
        row(new byte[] {1, 2}, 3)), 10);
    assertThat(AggTestSupport.finish(agg)).containsExactly(row(new byte[] {1, 2}, 4L),
        row(new byte[] {}, 2L));
  }

  @Test
  void mismatchedKeyVectorsAreRejected() {
    StructType in = schema(field("k", STRING), field("v", INT));
    AggTestSupport.Query q = query(in, List.of("k"), count());
    GroupedAggregator agg = new GroupedAggregator(q.functions(), q.keySchema());
    ColumnBatch b = ColumnBatch.fromRows(in, List.of(row("a", 1)));
    assertThatThrownBy(() -> agg.addInput(new ColumnVector[0], b, null, ctx()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("got 0 key vectors for key schema struct<k:string>");
  }
}
