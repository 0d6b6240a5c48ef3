package io.sluice.lakehouse;

import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.lakehouse.internal.Schemas;
import org.apache.iceberg.Schema;
import org.junit.jupiter.api.Test;

class SchemasTest {
  @Test
  void everySluiceTypeRoundTripsThroughIceberg() {
    StructType s = DataTypes.struct(field("b", DataTypes.BOOLEAN), field("i", DataTypes.INT, false),
        field("l", DataTypes.LONG), field("d", DataTypes.DOUBLE), field("s", DataTypes.STRING),
        field("bin", DataTypes.BINARY), field("ts", DataTypes.TIMESTAMP), field("day", DataTypes.DATE),
        field("st", DataTypes.struct(field("x", DataTypes.INT), field("y", DataTypes.STRING))),
        field("arr", DataTypes.array(DataTypes.LONG)));
    Schema iceberg = Schemas.toIceberg(s);
    assertThat(iceberg.findField("ts").type().toString()).isEqualTo("timestamptz");
    assertThat(iceberg.findField("i").isRequired()).isTrue();
    StructType back = Schemas.toSluice(iceberg, "t");
    assertThat(back).isEqualTo(s);
    assertThat(back.field(1).nullable()).isFalse();
  }

  @Test
  void theNullTypeCannotBeStored() {
    assertThatThrownBy(() -> Schemas.toIceberg(DataTypes.struct(field("n", DataTypes.NULL))))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("'n'");
  }
}
