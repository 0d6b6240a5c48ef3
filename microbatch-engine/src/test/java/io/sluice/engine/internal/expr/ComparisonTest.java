package io.sluice.engine.internal.expr;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.lit;
import static io.sluice.api.types.DataTypes.BOOLEAN;
import static io.sluice.api.types.DataTypes.DATE;
import static io.sluice.api.types.DataTypes.DOUBLE;
import static io.sluice.api.types.DataTypes.INT;
import static io.sluice.api.types.DataTypes.LONG;
import static io.sluice.api.types.DataTypes.STRING;
import static io.sluice.api.types.DataTypes.TIMESTAMP;
import static io.sluice.api.types.DataTypes.field;
import static io.sluice.engine.internal.expr.ExprTestSupport.batch;
import static io.sluice.engine.internal.expr.ExprTestSupport.row;
import static io.sluice.engine.internal.expr.ExprTestSupport.schema;
import static io.sluice.engine.internal.expr.ExprTestSupport.select;
import static io.sluice.engine.internal.expr.ExprTestSupport.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.Row;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ComparisonTest {
  @Test
  void numbersCompareAfterPromotionWithNullsGivingNull() {
    StructType in = schema(field("i", INT), field("l", LONG), field("d", DOUBLE));
    ColumnBatch b = batch(in, row(1, 1L, 1.5), row(2, 1L, 2.0), row(null, 3L, null));
    ColumnBatch out = select(b, col("i").equalTo(col("l")), col("i").lt(col("d")),
        col("l").geq(2), col("i").notEqual(col("l")), col("d").leq(col("i")), col("l").gt(1.0));
    assertThat(out.schema()).isEqualTo(schema(field("(i = l)", BOOLEAN),
        field("(i < d)", BOOLEAN), field("(l >= 2)", BOOLEAN), field("(i != l)", BOOLEAN),
        field("(d <= i)", BOOLEAN), field("(l > 1.0)", BOOLEAN)));
    assertThat(out.rows()).containsExactly(
        row(true, true, false, false, false, false),
        row(false, false, false, true, true, false),
        row(null, null, true, null, null, true));
  }

  @Test
  void stringsCompareByUtf8BytesUnsigned() {
    StructType in = schema(field("a", STRING), field("b", STRING));
    ColumnBatch b = batch(in, row("apple", "banana"), row("é", "z"), row("same", "same"),
        row("ab", "abc"), row(null, "x"));
    ColumnBatch out = select(b, col("a").lt(col("b")), col("a").equalTo("same"),
        col("a").geq(col("b")));
    assertThat(out.rows()).containsExactly(
        row(true, false, false),
        row(false, false, true),
        row(false, true, true),
        row(true, false, false),
        row(null, null, null));
  }

  @Test
  void timestampsAndDatesCompareAndStringsAreCastToThem() {
    StructType in = schema(field("t", TIMESTAMP), field("d", DATE));
    ColumnBatch b = batch(in,
        row(ts("2024-01-01T10:00:00Z"), LocalDate.of(2024, 1, 1)),
        row(ts("2023-12-31T23:59:59Z"), LocalDate.of(2024, 1, 2)),
        row(null, null));
    ColumnBatch out = select(b, col("t").gt(col("d")), col("t").lt("2024-01-01 00:00:00"),
        col("d").equalTo("2024-01-02"), col("t").geq(lit(ts("2024-01-01T10:00:00Z"))));
    assertThat(out.rows()).containsExactly(
        row(true, false, false, true),
        row(false, true, true, false),
        row(null, null, null, null));
  }

  @Test
  void stringComparedWithNumberIsCastToTheNumberAndNullIfNotANumber() {
    StructType in = schema(field("s", STRING));
    ColumnBatch b = batch(in, row("10"), row(" 5 "), row("abc"), row((Object) null));
    ColumnBatch out = select(b, col("s").gt(7), col("s").equalTo(5L));
    assertThat(out.rows()).containsExactly(row(true, false), row(false, true),
        row(null, null), row(null, null));
  }

  @Test
  void nullSafeEqualityIsNeverNull() {
    StructType in = schema(field("a", INT), field("b", INT));
    ColumnBatch b = batch(in, row(1, 1), row(1, 2), row(null, 2), row(null, null));
    ColumnBatch out = select(b, col("a").eqNullSafe(col("b")), col("a").equalTo(col("b")),
        col("a").eqNullSafe(lit(null)));
    assertThat(out.schema()).isEqualTo(schema(field("(a <=> b)", BOOLEAN),
        field("(a = b)", BOOLEAN), field("(a <=> NULL)", BOOLEAN)));
    assertThat(out.schema().field(0).nullable()).isFalse();
    assertThat(out.rows()).containsExactly(
        row(true, true, false),
        row(false, false, false),
        row(false, null, true),
        row(true, null, true));
  }

  @Test
  void comparingIncompatibleTypesIsAnAnalysisError() {
    StructType in = schema(field("flag", BOOLEAN), field("t", TIMESTAMP));
    ColumnBatch b = batch(in);
    assertThatThrownBy(() -> select(b, col("flag").equalTo(col("t"))))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("Cannot compare boolean with timestamp: (flag = t)");
  }
}
