package io.sluice.engine.internal.expr;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.lit;
import static io.sluice.api.Functions.struct;
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

class NestedColumnsTest {
  private static final StructType ADDR = schema(field("city", STRING), field("zip", INT));
  private static final StructType USER = schema(field("name", STRING), field("addr", ADDR));
  private static final StructType IN = schema(field("id", LONG), field("user", USER));

  private static ColumnBatch input() {
    return batch(IN,
        row(1L, row("ann", row("Paris", 75001))),
        row(2L, row("bob", null)),
        row(3L, null),
        row(4L, row(null, row("Lyon", null))));
  }

  @Test
  void nestedReferencesReadThroughStructsAndAreNullUnderANullParent() {
    ColumnBatch out = select(input(), col("user.name"), col("USER.Addr.city"),
        col("user").getField("addr").getField("zip").as("zip"));
    assertThat(out.schema()).isEqualTo(schema(field("name", STRING), field("city", STRING),
        field("zip", INT)));
    assertThat(out.rows()).containsExactly(
        row("ann", "Paris", 75001),
        row("bob", null, null),
        row(null, null, null),
        row(null, "Lyon", null));
  }

  @Test
  void starExpandsTopLevelColumnsAndStructFields() {
    ColumnBatch all = select(input(), col("*"));
    assertThat(all.schema()).isEqualTo(IN);
    assertThat(all.rows()).isEqualTo(input().rows());

    ColumnBatch fields = select(input(), col("id"), col("user.addr.*"));
    assertThat(fields.schema()).isEqualTo(schema(field("id", LONG), field("city", STRING),
        field("zip", INT)));
    assertThat(fields.rows()).containsExactly(
        row(1L, "Paris", 75001),
        row(2L, null, null),
        row(3L, null, null),
        row(4L, "Lyon", null));
  }

  @Test
  void structBuildsFieldsNamedByTheirColumnsAndGetFieldReadsThemBack() {
    ColumnBatch out = select(input(),
        struct(col("id"), col("user.name").as("who"), lit(1).plus(col("id"))).as("s"));
    StructType s = schema(field("id", LONG), field("who", STRING), field("col3", LONG));
    assertThat(out.schema()).isEqualTo(schema(field("s", s)));
    assertThat(out.rows()).containsExactly(
        row(row(1L, "ann", 2L)), row(row(2L, "bob", 3L)), row(row(3L, null, 4L)),
        row(row(4L, null, 5L)));

    ColumnBatch back = select(input(), struct(col("id"), col("user")).getField("user")
        .getField("name").as("n"));
    assertThat(back.rows()).containsExactly(row("ann"), row("bob"), row((Object) null),
        row((Object) null));
  }

  @Test
  void unknownColumnListsTheAvailableColumns() {
    assertThatThrownBy(() -> select(input(), col("nope")))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("Column 'nope' does not exist. Available columns: [id, user]");
  }

  @Test
  void unknownNestedFieldListsTheStructsFields() {
    assertThatThrownBy(() -> select(input(), col("user.addr.street")))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("Column 'user.addr.street' does not exist. Available fields of 'user.addr': "
            + "[city, zip]");
    assertThatThrownBy(() -> select(input(), col("id.x")))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("Column 'id.x' does not exist: 'id' is bigint, not a struct");
    assertThatThrownBy(() -> select(input(), col("id.*")))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("Cannot expand id.*: 'id' is bigint, not a struct");
  }
}
