package io.sluice.engine.internal.agg;

import static io.sluice.api.Functions.approxCountDistinct;
import static io.sluice.api.Functions.avg;
import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.collectList;
import static io.sluice.api.Functions.collectSet;
import static io.sluice.api.Functions.count;
import static io.sluice.api.Functions.countDistinct;
import static io.sluice.api.Functions.first;
import static io.sluice.api.Functions.last;
import static io.sluice.api.Functions.lit;
import static io.sluice.api.Functions.max;
import static io.sluice.api.Functions.min;
import static io.sluice.api.Functions.sum;
import static io.sluice.api.types.DataTypes.BINARY;
import static io.sluice.api.types.DataTypes.BOOLEAN;
import static io.sluice.api.types.DataTypes.DOUBLE;
import static io.sluice.api.types.DataTypes.INT;
import static io.sluice.api.types.DataTypes.LONG;
import static io.sluice.api.types.DataTypes.STRING;
import static io.sluice.api.types.DataTypes.TIMESTAMP;
import static io.sluice.api.types.DataTypes.array;
import static io.sluice.api.types.DataTypes.field;
import static io.sluice.engine.internal.agg.AggTestSupport.exprs;
import static io.sluice.engine.internal.agg.AggTestSupport.schema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.Column;
import io.sluice.api.plan.Expr;
import io.sluice.api.types.StructType;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisAndSchemaTest {
  private static final StructType IN = schema(field("n", INT), field("l", LONG),
      field("d", DOUBLE), field("s", STRING), field("flag", BOOLEAN), field("ts", TIMESTAMP));

  private static AggregateFunctions resolve(Column... aggs) {
    return new AggregateFunctions(exprs(aggs), IN);
  }

  private static AggregateFunctions resolve(Expr... aggs) {
    return new AggregateFunctions(List.of(aggs), IN);
  }

  @Test
  void resultSchemaUsesAliasesOrSparksAutoNamesAndTypes() {
    AggregateFunctions fns = resolve(count(), count(col("n")), countDistinct(col("n")),
        countDistinct(col("n"), col("s")), approxCountDistinct(col("s")), sum(col("n")),
        sum(col("l")), sum(col("d")), sum(col("s")), avg(col("n")), min(col("ts")),
        max(col("s")), first(col("flag")), last(col("d")), collectList(col("n")),
        collectSet(col("s")), sum(col("n")).as("total"));
    assertThat(fns.size()).isEqualTo(17);
    assertThat(fns.resultSchema()).isEqualTo(schema(
        field("count(1)", LONG, false),
        field("count(n)", LONG, false),
        field("count(DISTINCT n)", LONG, false),
        field("count(DISTINCT n, s)", LONG, false),
        field("approx_count_distinct(s)", LONG, false),
        field("sum(n)", LONG),
        field("sum(l)", LONG),
        field("sum(d)", DOUBLE),
        field("sum(s)", DOUBLE),
        field("avg(n)", DOUBLE),
        field("min(ts)", TIMESTAMP),
        field("max(s)", STRING),
        field("first(flag)", BOOLEAN),
        field("last(d)", DOUBLE),
        field("collect_list(n)", array(INT), false),
        field("collect_set(s)", array(STRING), false),
        field("total", LONG)));
    assertThat(fns.resultSchema().fields()).extracting(f -> f.nullable()).containsExactly(
        false, false, false, false, false, true, true, true, true, true, true, true, true, true,
        false, false, true);
  }

  @Test
  void bufferSchemaConcatenatesEachAggregatesBufferWithUniqueNames() {
    AggregateFunctions fns = resolve(count(), sum(col("n")), sum(col("d")), avg(col("l")),
        min(col("s")), first(col("ts")), collectList(col("n")), collectSet(col("s")),
        countDistinct(col("n")), approxCountDistinct(col("n")));
    assertThat(fns.bufferSchema()).isEqualTo(schema(
        field("agg0_count", LONG, false),
        field("agg1_sum", LONG),
        field("agg2_sum", DOUBLE),
        field("agg3_sum", DOUBLE, false),
        field("agg3_count", LONG, false),
        field("agg4_value", STRING),
        field("agg5_value", TIMESTAMP),
        field("agg5_seen", BOOLEAN, false),
        field("agg6_values", array(INT), false),
        field("agg7_distinct", array(STRING), false),
        field("agg8_distinct", array(INT), false),
        field("agg9_hll", BINARY, false)));
  }

  @Test
  void mergeAndFinishWorkOnStateBuffers() {
    AggregateFunctions fns = resolve(count(), sum(col("n")), avg(col("l")), min(col("s")),
        max(col("s")), last(col("n")), collectList(col("n")));
    List<Object> a = java.util.Arrays.asList(2L, null, 3.0, 2L, "b", "b", 7, true, List.of(7));
    List<Object> b = java.util.Arrays.asList(1L, 5L, 5.0, 1L, "a", "a", null, true, List.of());
    List<Object> merged = fns.merge(a, b);
    assertThat(merged).containsExactly(3L, 5L, 8.0, 3L, "a", "b", null, true, List.of(7));
    assertThat(fns.finish(merged)).containsExactly(3L, 5L, 8.0 / 3, "a", "b", null, List.of(7));
    assertThatThrownBy(() -> fns.finish(List.of(1L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("buffer has 1 values, expected 9");
  }

  @Test
  void aPlainColumnIsNeitherAnAggregateNorAGroupingColumn() {
    assertThatThrownBy(() -> resolve(count(), col("n")))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("Expression 'n' is neither an aggregate function nor a grouping column; wrap"
            + " it in an aggregate such as first(n)");
    assertThatThrownBy(() -> resolve(col("n").plus(1).as("m")))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("Expression '(n + 1)' is neither an aggregate function nor a grouping"
            + " column; wrap it in an aggregate such as first((n + 1))");
  }

  @Test
  void arithmeticOnAnAggregateResultIsRejectedWithAWayOut() {
    assertThatThrownBy(() -> resolve(sum(col("n")).plus(1)))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("Expression '(sum(n) + 1)' computes on the result of an aggregate, which"
            + " agg(...) does not support; aggregate first, then compute it in a select(...) on"
            + " the aggregated table");
  }

  @Test
  void unknownAggregateNamesTheKnownOnes() {
    assertThatThrownBy(() -> resolve(new Expr.Aggregate("median", List.of(col("n").expr()),
        false)))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("Unknown aggregate function 'median' in median(n). Known aggregate functions:"
            + " [count, sum, avg, min, max, first, last, collect_list, collect_set,"
            + " approx_count_distinct]");
  }

  @Test
  void sumAndAvgOfNonNumericTypesAreErrors() {
    assertThatThrownBy(() -> resolve(sum(col("flag"))))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("sum requires a numeric argument (int, bigint, double, or a string cast to"
            + " double), got boolean: sum(flag)");
    assertThatThrownBy(() -> resolve(avg(col("ts"))))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("avg requires a numeric argument (int, bigint, double, or a string cast to"
            + " double), got timestamp: avg(ts)");
  }

  @Test
  void wrongArityIsAnError() {
    assertThatThrownBy(() -> resolve(new Expr.Aggregate("sum",
        List.of(col("n").expr(), col("l").expr()), false)))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("sum takes exactly one argument, got 2: sum(n, l)");
    assertThatThrownBy(() -> resolve(new Expr.Aggregate("max", List.of(), false)))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("max takes exactly one argument, got 0: max(*)");
    assertThatThrownBy(() -> resolve(new Expr.Aggregate("count", List.of(), true)))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("count(DISTINCT ...) needs at least one argument: count(DISTINCT *)");
  }

  @Test
  void nestedAggregatesAreAnError() {
    assertThatThrownBy(() -> resolve(sum(count(col("n")))))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("Aggregate function sum(count(n)) contains the aggregate count(n); aggregates"
            + " cannot be nested. Aggregate in two steps instead");
  }

  @Test
  void distinctIsOnlyForCount() {
    assertThatThrownBy(() -> resolve(new Expr.Aggregate("sum", List.of(col("n").expr()), true)))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("DISTINCT is only supported in count(DISTINCT ...), not in sum(DISTINCT n)");
  }

  @Test
  void unknownColumnsAndUntypedNullsAreErrors() {
    assertThatThrownBy(() -> resolve(sum(col("nope"))))
        .isInstanceOf(AnalysisException.class)
        .hasMessageStartingWith("Column 'nope' does not exist");
    assertThatThrownBy(() -> resolve(min(lit(null))))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("min cannot aggregate an untyped NULL: min(NULL); cast it to a type, e.g."
            + " lit(null).cast(\"string\")");
  }

  @Test
  void countOfANullLiteralAndSumOfNullAreAllowed() {
    AggregateFunctions fns = resolve(count(lit(null)), sum(lit(null)));
    assertThat(fns.resultSchema()).isEqualTo(schema(field("count(NULL)", LONG, false),
        field("sum(NULL)", DOUBLE)));
  }
}
