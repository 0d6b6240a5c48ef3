package io.sluice.engine.internal.expr;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.not;
import static io.sluice.api.types.DataTypes.BOOLEAN;
import static io.sluice.api.types.DataTypes.INT;
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

class LogicTest {
  private static final StructType IN = schema(field("a", BOOLEAN), field("b", BOOLEAN));

  /** All nine combinations of true, false and null. */
  private static ColumnBatch truthTable() {
    Boolean[] values = {true, false, null};
    Row[] rows = new Row[9];
    int k = 0;
    for (Boolean a : values) {
      for (Boolean b : values) {
        rows[k++] = row(a, b);
      }
    }
    return batch(IN, rows);
  }

  @Test
  void andOrAndNotFollowThreeValuedLogic() {
    ColumnBatch out = select(truthTable(), col("a").and(col("b")), col("a").or(col("b")),
        not(col("a")));
    assertThat(out.schema()).isEqualTo(schema(field("(a AND b)", BOOLEAN),
        field("(a OR b)", BOOLEAN), field("(NOT a)", BOOLEAN)));
    assertThat(out.rows()).containsExactly(
        row(true, true, false),    // true, true
        row(false, true, false),   // true, false
        row(null, true, false),    // true, null
        row(false, true, true),    // false, true
        row(false, false, true),   // false, false
        row(false, null, true),    // false, null
        row(null, true, null),     // null, true
        row(false, null, null),    // null, false
        row(null, null, null));    // null, null
  }

  @Test
  void andSkipsNothingWhenLeftSideDecidesEveryRow() {
    ColumnBatch b = batch(IN, row(false, null), row(false, true));
    ColumnBatch out = select(b, col("a").and(col("b")), col("a").not().or(col("b")));
    assertThat(out.rows()).containsExactly(row(false, true), row(false, true));
  }

  @Test
  void isNullAndIsNotNullAreNeverNull() {
    StructType in = schema(field("x", INT));
    ColumnBatch out = select(batch(in, row(1), row((Object) null)), col("x").isNull(),
        col("x").isNotNull());
    assertThat(out.schema()).isEqualTo(schema(field("(x IS NULL)", BOOLEAN),
        field("(x IS NOT NULL)", BOOLEAN)));
    assertThat(out.schema().field(0).nullable()).isFalse();
    assertThat(out.rows()).containsExactly(row(false, true), row(true, false));
  }
}
