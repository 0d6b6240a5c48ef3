package io.sluice.engine.internal.agg;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.collectList;
import static io.sluice.api.Functions.collectSet;
import static io.sluice.api.Functions.first;
import static io.sluice.api.Functions.last;
import static io.sluice.api.types.DataTypes.DOUBLE;
import static io.sluice.api.types.DataTypes.INT;
import static io.sluice.api.types.DataTypes.STRING;
import static io.sluice.api.types.DataTypes.TIMESTAMP;
import static io.sluice.api.types.DataTypes.field;
import static io.sluice.engine.internal.agg.AggTestSupport.aggregate;
import static io.sluice.engine.internal.agg.AggTestSupport.query;
import static io.sluice.engine.internal.agg.AggTestSupport.row;
import static io.sluice.engine.internal.agg.AggTestSupport.schema;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Row;
import io.sluice.api.types.StructType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstLastCollectTest {
  private static final Instant T1 = Instant.parse("2024-03-01T10:00:00Z");
  private static final Instant T2 = Instant.parse("2024-03-01T10:00:01Z");
  private static final StructType IN = schema(field("k", STRING), field("v", INT),
      field("t", TIMESTAMP));

  private static List<Object> list(Object... values) {
    return new ArrayList<>(Arrays.asList(values));
  }

  @Test
  void firstAndLastFollowArrivalOrderIncludingNulls() {
    List<Row> rows = List.of(
        row("a", null, T1),
        row("b", 1, null),
        row("a", 2, T2),
        row("c", null, null),
        row("a", 3, null),
        row("b", 4, T1));
    List<Row> out = aggregate(query(IN, List.of("k"), first(col("v")), last(col("v")),
        first(col("t")), last(col("t"))), rows);
    assertThat(out).containsExactly(
        row("a", null, 3, T1, null),
        row("b", 1, 4, null, T1),
        row("c", null, null, null, null));
  }

  @Test
  void whenMergingPartialsFirstIsTheEarlierPartialsFirst() {
    AggTestSupport.Query q = query(IN, List.of("k"), first(col("v")), last(col("v")));
    AggregateFunctions fns = q.functions();
    GroupedAggregator early = new GroupedAggregator(fns, q.keySchema());
    GroupedAggregator late = new GroupedAggregator(fns, q.keySchema());
    AggTestSupport.feed(q, early, List.of(row("a", 1, null), row("a", 2, null)), 10);
    AggTestSupport.feed(q, late, List.of(row("a", 3, null), row("b", 4, null)), 10);
    GroupedAggregator merged = new GroupedAggregator(fns, q.keySchema());
    merged.addPartial(late.toPartial().select(new int[] {1}, 1)); // b only
    merged.addPartial(early.toPartial());
    merged.addPartial(late.toPartial());
    assertThat(AggTestSupport.finish(merged)).containsExactly(row("b", 4, 4), row("a", 1, 3));
  }

  @Test
  void firstOfAnUnseenGroupInAStateBufferIsTakenFromTheLaterBuffer() {
    AggregateFunctions fns = query(IN, List.of("k"), first(col("v"))).functions();
    List<Object> unseen = list(null, false);
    List<Object> seenNull = list(null, true);
    List<Object> seen5 = list(5, true);
    assertThat(fns.merge(unseen, seen5)).isEqualTo(list(5, true));
    assertThat(fns.merge(seenNull, seen5)).isEqualTo(list(null, true));
    assertThat(fns.finish(unseen)).containsExactly((Object) null);
  }

  @Test
  void collectListKeepsNonNullValuesInArrivalOrder() {
    List<Row> rows = List.of(row("a", 3, null), row("a", null, null), row("b", null, null),
        row("a", 1, null), row("a", 3, null), row("a", 2, null));
    List<Row> out = aggregate(query(IN, List.of("k"), collectList(col("v"))), rows);
    assertThat(out).containsExactly(row("a", List.of(3, 1, 3, 2)), row("b", List.of()));
  }

  @Test
  void collectSetDropsNullsAndDuplicatesKeepingFirstSeenOrder() {
    List<Row> rows = List.of(row("a", 3, T2), row("a", null, T1), row("b", null, null),
        row("a", 1, T2), row("a", 3, T1), row("a", 2, null), row("a", 1, T1));
    List<Row> out = aggregate(query(IN, List.of("k"), collectSet(col("v")),
        collectSet(col("t"))), rows);
    assertThat(out).containsExactly(row("a", List.of(3, 1, 2), List.of(T2, T1)),
        row("b", List.of(), List.of()));
  }

  @Test
  void collectSetOfStringsAndDoublesComparesValuesNotRepresentations() {
    StructType in = schema(field("k", INT), field("s", STRING), field("d", DOUBLE));
    List<Row> rows = List.of(row(1, "é", 0.0), row(1, "e", -0.0), row(1, "é", Double.NaN),
        row(1, "", Double.NaN), row(1, "e", 1.0));
    List<Row> out = aggregate(query(in, List.of("k"), collectSet(col("s")),
        collectSet(col("d"))), rows);
    assertThat(out).containsExactly(row(1, List.of("é", "e", ""), List.of(0.0, Double.NaN, 1.0)));
  }

  @Test
  void collectedListsOfManyValuesSurviveTheShuffle() {
    List<Row> rows = new ArrayList<>();
    List<Object> expected = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      rows.add(row("a", i % 1000, null));
      expected.add(i % 1000);
    }
    List<Row> out = aggregate(query(IN, List.of("k"), collectList(col("v")),
        collectSet(col("v"))), rows);
    assertThat(out).containsExactly(row("a", expected, expected.subList(0, 1000)));
  }
}
