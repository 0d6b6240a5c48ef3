package io.sluice.engine.internal.agg;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Column;
import io.sluice.api.Row;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.plan.Expr;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.expr.EvalContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs aggregations the ways the engine does: raw rows into two "tasks" (each fed in two batches),
 * their partials merged into a third aggregator after the "shuffle"; and checks that aggregating
 * everything in one aggregator, and merging the two tasks' buffers with
 * {@link AggregateFunctions#merge} (as the state store path does), give the same result.
 */
final class AggTestSupport {
  private AggTestSupport() {}

  static StructType schema(StructField... fields) {
    return new StructType(Arrays.asList(fields));
  }

  static Row row(Object... values) {
    return Row.of(values);
  }

  static EvalContext ctx() {
    return new EvalContext(1_700_000_000_000_000L);
  }

  static List<Expr> exprs(Column... cols) {
    return Arrays.stream(cols).map(Column::expr).collect(Collectors.toList());
  }

  /** A query's input and grouping: which input columns are the key. */
  record Query(StructType input, List<String> keyColumns, List<Expr> aggs) {
    AggregateFunctions functions() {
      return new AggregateFunctions(aggs, input);
    }

    StructType keySchema() {
      List<StructField> fields = new ArrayList<>();
      for (String k : keyColumns) {
        fields.add(input.field(input.indexOf(k)));
      }
      return new StructType(fields);
    }

    ColumnVector[] keys(ColumnBatch batch) {
      ColumnVector[] out = new ColumnVector[keyColumns.size()];
      for (int k = 0; k < out.length; k++) {
        out[k] = batch.column(input.indexOf(keyColumns.get(k)));
      }
      return out;
    }
  }

  static Query query(StructType input, List<String> keys, Column... aggs) {
    return new Query(input, keys, exprs(aggs));
  }

  /** Feeds rows to an aggregator in batches of at most {@code batchRows}. */
  static void feed(Query q, GroupedAggregator agg, List<Row> rows, int batchRows) {
    for (int from = 0; from < rows.size(); from += batchRows) {
      ColumnBatch b = ColumnBatch.fromRows(q.input(),
          rows.subList(from, Math.min(rows.size(), from + batchRows)));
      agg.addInput(q.keys(b), b, null, ctx());
    }
  }

  /** The finished (key..., result...) rows of an aggregator, in group order. */
  static List<Row> finish(GroupedAggregator agg) {
    List<Row> out = new ArrayList<>();
    for (int g = 0; g < agg.numGroups(); g++) {
      List<Object> values = new ArrayList<>(agg.keyValues(g));
      values.addAll(Arrays.asList(agg.functions().finish(agg.bufferValues(g))));
      out.add(Row.of(values.toArray()));
    }
    return out;
  }

  /**
   * Aggregates {@code rows} as two tasks (first half, then second half in arrival order) whose
   * partials a third aggregator merges, checks that the single-aggregator and the buffer-merge
   * paths agree, and returns the result rows in first-seen key order.
   */
  static List<Row> aggregate(Query q, List<Row> rows) {
    AggregateFunctions fns = q.functions();
    int half = rows.size() / 2;
    GroupedAggregator task1 = new GroupedAggregator(fns, q.keySchema());
    GroupedAggregator task2 = new GroupedAggregator(fns, q.keySchema());
    int batch1 = Math.max(1, (half + 1) / 2);
    int batch2 = Math.max(1, (rows.size() - half + 1) / 2);
    feed(q, task1, rows.subList(0, half), batch1);
    feed(q, task2, rows.subList(half, rows.size()), batch2);

    GroupedAggregator merged = new GroupedAggregator(fns, q.keySchema());
    merged.addPartial(task1.toPartial());
    merged.addPartial(task2.toPartial());
    List<Row> result = finish(merged);

    GroupedAggregator single = new GroupedAggregator(fns, q.keySchema());
    feed(q, single, rows, Math.max(1, rows.size()));
    assertThat(finish(single)).as("one aggregator over all rows").isEqualTo(result);

    Map<List<Object>, List<Object>> state = new LinkedHashMap<>();
    for (GroupedAggregator task : List.of(task1, task2)) {
      for (int g = 0; g < task.numGroups(); g++) {
        state.merge(task.keyValues(g), task.bufferValues(g), fns::merge);
      }
    }
    List<Row> viaState = new ArrayList<>();
    state.forEach((key, buffer) -> {
      List<Object> values = new ArrayList<>(key);
      values.addAll(Arrays.asList(fns.finish(buffer)));
      viaState.add(Row.of(values.toArray()));
    });
    assertThat(viaState).as("task buffers merged with AggregateFunctions.merge")
        .containsExactlyInAnyOrderElementsOf(result);
    return result;
  }
}
