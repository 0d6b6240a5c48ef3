package io.sluice.engine.internal.expr;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.lit;
import static io.sluice.api.types.DataTypes.INT;
import static io.sluice.api.types.DataTypes.STRING;
import static io.sluice.api.types.DataTypes.field;
import static io.sluice.engine.internal.expr.ExprTestSupport.batch;
import static io.sluice.engine.internal.expr.ExprTestSupport.ctx;
import static io.sluice.engine.internal.expr.ExprTestSupport.filter;
import static io.sluice.engine.internal.expr.ExprTestSupport.row;
import static io.sluice.engine.internal.expr.ExprTestSupport.schema;
import static io.sluice.engine.internal.expr.ExprTestSupport.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.Row;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectionFilterTest {
  private static final StructType IN = schema(field("id", INT), field("name", STRING));

  private static ColumnBatch input() {
    return batch(IN, row(1, "a"), row(2, null), row(null, "c"), row(4, "d"));
  }

  @Test
  void bareColumnReferencesReuseTheInputVectors() {
    ColumnBatch in = input();
    ColumnBatch out = select(in, col("name"), col("ID").as("key"));
    assertThat(out.schema()).isEqualTo(schema(field("name", STRING), field("key", INT)));
    assertThat(out.column(0)).isSameAs(in.column(1));
    assertThat(out.column(1)).isSameAs(in.column(0));
    assertThat(out.rows()).containsExactly(row("a", 1), row(null, 2), row("c", null),
        row("d", 4));
  }

  @Test
  void filterKeepsRowsWhereConditionIsTrueAndDropsFalseAndNull() {
    ColumnBatch out = filter(input(), col("id").gt(1));
    assertThat(out.schema()).isEqualTo(IN);
    assertThat(out.rows()).containsExactly(row(2, null), row(4, "d"));
  }

  @Test
  void filterThatKeepsEveryRowReturnsTheInputBatch() {
    ColumnBatch in = input();
    assertThat(filter(in, col("id").isNull().or(col("id").geq(1)))).isSameAs(in);
  }

  @Test
  void filterOnNullLiteralKeepsNothing() {
    assertThat(filter(input(), lit(null)).rows()).isEmpty();
  }

  @Test
  void nonBooleanFilterIsAnAnalysisError() {
    assertThatThrownBy(() -> new FilterPredicate(col("name").expr(), IN))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("Filter condition must be boolean, got string: name");
  }

  @Test
  void projectionAndFilterWorkOnAnEmptyBatch() {
    ColumnBatch empty = batch(IN);
    assertThat(select(empty, col("id").plus(1)).numRows()).isZero();
    assertThat(filter(empty, col("id").gt(1)).numRows()).isZero();
  }

  @Test
  void oneProjectionServesManyBatchesWithOneContext() {
    Projection p = new Projection(List.of(col("id").multiply(10).expr(), lit("x").expr()), IN);
    EvalContext ctx = ctx();
    ColumnBatch first = p.apply(input(), ctx);
    ColumnBatch second = p.apply(batch(IN, row(5, "e")), ctx);
    assertThat(p.outputSchema()).isEqualTo(schema(field("(id * 10)", INT), field("x", STRING)));
    assertThat(first.rows()).containsExactly(row(10, "x"), row(20, "x"), row(null, "x"),
        row(40, "x"));
    assertThat(second.rows()).containsExactly(row(50, "x"));
  }
}
