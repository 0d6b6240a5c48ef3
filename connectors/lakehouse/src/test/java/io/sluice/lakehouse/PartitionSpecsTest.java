package io.sluice.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.types.DataTypes;
import io.sluice.lakehouse.internal.PartitionSpecs;
import io.sluice.lakehouse.internal.Schemas;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.junit.jupiter.api.Test;

class PartitionSpecsTest {
  private final Schema schema = Schemas.toIceberg(DataTypes.struct(DataTypes.field("ts", DataTypes.TIMESTAMP),
      DataTypes.field("country", DataTypes.STRING), DataTypes.field("id", DataTypes.LONG)));

  @Test
  void parsesSparkStyleTransformsSeparatedByCommasOutsideParentheses() {
    PartitionSpec spec = PartitionSpecs.parse("days(ts), country, bucket(16, id)", schema);
    assertThat(spec.fields()).extracting(f -> f.transform().toString()).containsExactly("day", "identity", "bucket[16]");
    assertThat(PartitionSpecs.parse("hours(ts),truncate(2,country)", schema).fields())
        .extracting(f -> f.transform().toString()).containsExactly("hour", "truncate[2]");
  }

  @Test
  void emptyOptionMeansUnpartitioned() {
    assertThat(PartitionSpecs.parse(null, schema).isUnpartitioned()).isTrue();
    assertThat(PartitionSpecs.parse("  ", schema).isUnpartitioned()).isTrue();
  }

  @Test
  void badTermsAndUnknownColumnsAreAnalysisErrorsNamingThem() {
    assertThatThrownBy(() -> PartitionSpecs.terms("days(ts),,country")).isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Invalid partitionBy term ''");
    assertThatThrownBy(() -> PartitionSpecs.parse("weeks(ts)", schema)).isInstanceOf(AnalysisException.class)
        .hasMessageContaining("weeks");
    assertThatThrownBy(() -> PartitionSpecs.parse("days(when)", schema)).isInstanceOf(AnalysisException.class)
        .hasMessageContaining("'when'");
    assertThatThrownBy(() -> PartitionSpecs.parse("days(country)", schema)).isInstanceOf(AnalysisException.class)
        .hasMessageContaining("days(country)");
  }
}
