package io.sluice.examples.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.examples.observability.PromQl.Matcher;
import io.sluice.examples.observability.PromQl.Selector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small PromQL reader the dashboard check relies on finds metric names and nothing else. */
class PromQlTest {

  @Test
  void metricNamesSkipFunctionsAggregatorsLabelListsDurationsStringsAndVariables() {
    Map<String, List<String>> cases = Map.ofEntries(
        Map.entry("up", List.of("up")),
        Map.entry("rate(sluice_query_input_rows_total{query=~\"$query\"}[1m])",
            List.of("sluice_query_input_rows_total")),
        Map.entry("histogram_quantile(0.99, sum by (le, query) (rate(a_seconds_bucket{query=~\"x\"}[5m])))",
            List.of("a_seconds_bucket")),
        Map.entry("sum without (instance, job) (b) / on (query) group_left (operator) c offset 5m",
            List.of("b", "c")),
        Map.entry("max(x{stat=\"max\"}) > bool 0 and y unless z or w @ start()", List.of("x", "y", "z", "w")),
        Map.entry("sum(increase(d_total{result=\"failed\", name=\"a}b, c=\\\"d\"}[$__rate_interval]))", List.of("d_total")),
        Map.entry("topk by (query) (3, e) + count_values(\"value\", f) + quantile(0.5, g)", List.of("e", "f", "g")),
        Map.entry("avg_over_time(h[5m:1m]) * 1e3 + Inf - NaN + .5 + 0x1F", List.of("h")),
        Map.entry("ns:recording_rule:rate5m{job=~\"${job:regex}\"}", List.of("ns:recording_rule:rate5m")),
        Map.entry("{__name__=~\"sluice_.*\"}", List.of()),
        Map.entry("vector(1) # a comment naming not_a_metric", List.of()));
    cases.forEach((expr, names) -> assertThat(PromQl.metricNames(expr)).as(expr).containsExactlyElementsOf(names));
  }

  @Test
  void selectorsKeepTheirLabelMatchers() {
    assertThat(PromQl.selectors("sum(jvm_memory_used_bytes{area=\"heap\", id!~\"x,y\"}) / m"))
        .containsExactly(
            new Selector("jvm_memory_used_bytes", List.of(new Matcher("area", "=", "heap"), new Matcher("id", "!~", "x,y"))),
            new Selector("m", List.of()));
  }

  @Test
  void seriesOfAnExpositionKeepNamesAndLabels() {
    String text = """
        # HELP a_total Rows
        # TYPE a_total counter
        a_total{query="q 1",operator="0:agg"} 3.0
        b 1.0

        c{note="with \\"quotes\\" and, comma"} NaN
        """;
    assertThat(PromQl.series(text)).containsExactly(
        Map.entry("a_total", List.of(Map.of("query", "q 1", "operator", "0:agg"))),
        Map.entry("b", List.of(Map.of())),
        Map.entry("c", List.of(Map.of("note", "with \"quotes\" and, comma"))));
  }
}
