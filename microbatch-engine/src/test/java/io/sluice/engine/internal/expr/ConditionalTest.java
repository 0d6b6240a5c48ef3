package io.sluice.engine.internal.expr;

import static io.sluice.api.Functions.coalesce;
import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.lit;
import static io.sluice.api.Functions.when;
import static io.sluice.api.types.DataTypes.BOOLEAN;
import static io.sluice.api.types.DataTypes.DOUBLE;
import static io.sluice.api.types.DataTypes.INT;
import static io.sluice.api.types.DataTypes.LONG;
import static io.sluice.api.types.DataTypes.STRING;
import static io.sluice.api.types.DataTypes.field;
import static io.sluice.engine.internal.expr.ExprTestSupport.batch;
import static io.sluice.engine.internal.expr.ExprTestSupport.row;
import static io.sluice.engine.internal.expr.ExprTestSupport.schema;
import static io.sluice.engine.internal.expr.ExprTestSupport.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import org.junit.jupiter.api.Test;

class ConditionalTest {
  private static final StructType IN = schema(field("x", INT), field("y", LONG),
      field("s", STRING));

  private static ColumnBatch input() {
    return batch(IN, row(5, 50L, "a"), row(-1, null, null), row(null, 7L, "c"), row(0, null, "d"));
  }

  @Test
  void whenTakesTheFirstTrueBranchAndOtherwiseOrNull() {
    ColumnBatch out = select(input(),
        when(col("x").gt(0), "pos").when(col("x").lt(0), "neg").otherwise("zero").as("sign"),
        when(col("x").gt(0), col("x")).when(col("x").isNull(), col("y")).as("v"));
    assertThat(out.schema()).isEqualTo(schema(field("sign", STRING), field("v", LONG)));
    assertThat(out.rows()).containsExactly(row("pos", 5L), row("neg", null), row("zero", 7L),
        row("zero", null));
  }

  @Test
  void whenResultTypeIsTheCommonTypeOfItsValues() {
    ColumnBatch out = select(input(), when(col("x").equalTo(5), 1).otherwise(2.5).as("d"));
    assertThat(out.schema()).isEqualTo(schema(field("d", DOUBLE)));
    assertThat(out.rows()).containsExactly(row(1.0), row(2.5), row(2.5), row(2.5));
  }

  @Test
  void coalesceTakesTheFirstNonNullWithPromotion() {
    ColumnBatch out = select(input(), coalesce(col("y"), col("x"), lit(-9)).as("c"),
        coalesce(col("s"), lit("none")).as("s2"), coalesce(col("s")).as("s3"));
    assertThat(out.schema()).isEqualTo(schema(field("c", LONG), field("s2", STRING),
        field("s3", STRING)));
    assertThat(out.rows()).containsExactly(row(50L, "a", "a"), row(-1L, "none", null),
        row(7L, "c", "c"), row(0L, "d", "d"));
  }

  @Test
  void isinIsTrueOnMatchNullWhenUnknownAndFalseOtherwise() {
    ColumnBatch out = select(input(), col("x").isin(0, 5), col("y").isin(7, null).as("n"),
        col("s").isin("a", "d").as("str"));
    assertThat(out.schema()).isEqualTo(schema(field("(x IN (0, 5))", BOOLEAN),
        field("n", BOOLEAN), field("str", BOOLEAN)));
    assertThat(out.rows()).containsExactly(
        row(true, null, true),
        row(false, null, null),
        row(null, true, false),
        row(true, null, true));
  }

  @Test
  void whenConditionMustBeBoolean() {
    assertThatThrownBy(() -> select(input(), when(col("s"), 1)))
        .isInstanceOf(AnalysisException.class)
        .hasMessageStartingWith("WHEN requires a boolean argument, got string");
  }
}
