package io.sluice.engine.internal.expr;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.fromJson;
import static io.sluice.api.Functions.struct;
import static io.sluice.api.Functions.toJson;
import static io.sluice.api.types.DataTypes.BINARY;
import static io.sluice.api.types.DataTypes.BOOLEAN;
import static io.sluice.api.types.DataTypes.DATE;
import static io.sluice.api.types.DataTypes.DOUBLE;
import static io.sluice.api.types.DataTypes.INT;
import static io.sluice.api.types.DataTypes.STRING;
import static io.sluice.api.types.DataTypes.TIMESTAMP;
import static io.sluice.api.types.DataTypes.array;
import static io.sluice.api.types.DataTypes.field;
import static io.sluice.engine.internal.expr.ExprTestSupport.batch;
import static io.sluice.engine.internal.expr.ExprTestSupport.row;
import static io.sluice.engine.internal.expr.ExprTestSupport.schema;
import static io.sluice.engine.internal.expr.ExprTestSupport.select;
import static io.sluice.engine.internal.expr.ExprTestSupport.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToJsonTest {
  private static final StructType INNER = schema(field("x", INT), field("tags", array(STRING)));
  private static final StructType REC = schema(field("s", STRING), field("d", DOUBLE),
      field("b", BOOLEAN), field("t", TIMESTAMP), field("day", DATE), field("bin", BINARY),
      field("inner", INNER));
  private static final StructType IN = schema(field("r", REC));

  private static ColumnBatch input() {
    return batch(IN,
        row(row("q\"uote", 1.5, true, ts("2024-01-01T10:00:00Z"), LocalDate.of(2024, 1, 2),
            new byte[] {1, 2, 3}, row(7, Arrays.asList("a", null)))),
        row(row(null, null, null, null, null, null, null)),
        row((Object) null));
  }

  @Test
  void structsBecomeJsonObjectsWithNullFieldsOmitted() {
    ColumnBatch out = select(input(), toJson(col("r")));
    assertThat(out.schema()).isEqualTo(schema(field("to_json(r)", STRING)));
    assertThat(out.rows()).containsExactly(
        row("{\"s\":\"q\\\"uote\",\"d\":1.5,\"b\":true,\"t\":\"2024-01-01T10:00:00.000Z\","
            + "\"day\":\"2024-01-02\",\"bin\":\"AQID\",\"inner\":{\"x\":7,\"tags\":[\"a\",null]}}"),
        row("{}"),
        row((Object) null));
  }

  @Test
  void arraysAndStructExpressionsSerialize() {
    StructType in = schema(field("n", INT), field("list", array(INT)));
    ColumnBatch out = select(batch(in, row(1, List.of(1, 2)), row(null, List.of())),
        toJson(col("list")).as("a"), toJson(struct(col("n"), col("list"))).as("s"));
    assertThat(out.rows()).containsExactly(row("[1,2]", "{\"n\":1,\"list\":[1,2]}"),
        row("[]", "{\"list\":[]}"));
  }

  @Test
  void toJsonThenFromJsonRoundTrips() {
    ColumnBatch out = select(input(), fromJson(toJson(col("r")), REC).as("r"));
    assertThat(out.schema()).isEqualTo(IN);
    assertThat(out.rows()).isEqualTo(input().rows());
  }
}
