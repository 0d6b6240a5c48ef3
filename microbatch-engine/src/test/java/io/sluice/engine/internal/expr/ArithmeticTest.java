package io.sluice.engine.internal.expr;

import static io.sluice.api.Functions.abs;
import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.lit;
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

import io.sluice.api.Row;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import org.junit.jupiter.api.Test;

class ArithmeticTest {
  private static final StructType IN = schema(field("i", INT), field("l", LONG),
      field("d", DOUBLE), field("s", STRING));

  private static ColumnBatch input() {
    return batch(IN,
        row(7, 10L, 2.5, "1.5"),
        row(-3, 0L, 0.0, "x"),
        row(null, 4L, null, null),
        row(Integer.MAX_VALUE, Long.MAX_VALUE, -1.0, "2"));
  }

  @Test
  void intPlusLongPromotesToBigintAndOverflowWraps() {
    ColumnBatch out = select(input(), col("i").plus(col("l")), col("i").plus(1),
        col("l").multiply(2));
    assertThat(out.schema()).isEqualTo(schema(field("(i + l)", LONG), field("(i + 1)", INT),
        field("(l * 2)", LONG)));
    assertThat(out.rows()).containsExactly(
        row(17L, 8, 20L),
        row(-3L, -2, 0L),
        row(null, null, 8L),
        row((long) Integer.MAX_VALUE + Long.MAX_VALUE, Integer.MIN_VALUE, -2L));
  }

  @Test
  void intWithDoublePromotesToDoubleAndStringOperandIsCastToDouble() {
    ColumnBatch out = select(input(), col("i").minus(col("d")), col("s").plus(1));
    assertThat(out.schema()).isEqualTo(schema(field("(i - d)", DOUBLE), field("(s + 1)", DOUBLE)));
    assertThat(out.rows()).containsExactly(
        row(4.5, 2.5),
        row(-3.0, null),
        row(null, null),
        row(Integer.MAX_VALUE + 1.0, 3.0));
  }

  @Test
  void divisionIsAlwaysDoubleAndNullWhenDividingByZero() {
    ColumnBatch out = select(input(), col("i").divide(col("l")), col("d").divide(0),
        col("l").divide(2));
    assertThat(out.schema()).isEqualTo(schema(field("(i / l)", DOUBLE), field("(d / 0)", DOUBLE),
        field("(l / 2)", DOUBLE)));
    assertThat(out.rows()).containsExactly(
        row(0.7, null, 5.0),
        row(null, null, 0.0),
        row(null, null, 2.0),
        row(Integer.MAX_VALUE / (double) Long.MAX_VALUE, null, Long.MAX_VALUE / 2.0));
  }

  @Test
  void remainderIsNullWhenDividingByZero() {
    ColumnBatch out = select(input(), col("l").mod(col("i")), col("i").mod(0), col("d").mod(2));
    assertThat(out.rows()).containsExactly(
        row(3L, null, 0.5),
        row(0L, null, 0.0),
        row(null, null, null),
        row(Long.MAX_VALUE % Integer.MAX_VALUE, null, -1.0));
  }

  @Test
  void nullLiteralTakesTheOtherSidesTypeAndGivesNull() {
    ColumnBatch out = select(input(), col("l").plus(lit(null)).as("n"));
    assertThat(out.schema()).isEqualTo(schema(field("n", LONG)));
    assertThat(out.rows()).containsOnly(row((Object) null));
    assertThat(out.numRows()).isEqualTo(4);
  }

  @Test
  void negateAndAbsKeepTheTypeAndNulls() {
    ColumnBatch out = select(input(), col("i").negate(), abs(col("d")), abs(col("l").negate()));
    assertThat(out.schema()).isEqualTo(schema(field("(-i)", INT), field("abs(d)", DOUBLE),
        field("abs((-l))", LONG)));
    assertThat(out.rows()).containsExactly(
        row(-7, 2.5, 10L),
        row(3, 0.0, 0L),
        row(null, null, 4L),
        row(-Integer.MAX_VALUE, 1.0, Long.MAX_VALUE));
  }

  @Test
  void constantSubExpressionsAreFoldedAndBroadcast() {
    ColumnBatch out = select(input(), lit(2).multiply(3).plus(col("i")).as("x"),
        lit("k").as("k"));
    assertThat(out.schema()).isEqualTo(schema(field("x", INT), field("k", STRING)));
    assertThat(out.rows()).containsExactly(row(13, "k"), row(3, "k"), row(null, "k"),
        row(Integer.MIN_VALUE + 5, "k"));
    assertThat(out.schema().field(1).nullable()).isFalse();
  }
}
