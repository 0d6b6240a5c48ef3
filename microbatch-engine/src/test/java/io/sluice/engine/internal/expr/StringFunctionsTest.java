package io.sluice.engine.internal.expr;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.concat;
import static io.sluice.api.Functions.length;
import static io.sluice.api.Functions.lit;
import static io.sluice.api.Functions.lower;
import static io.sluice.api.Functions.regexpReplace;
import static io.sluice.api.Functions.split;
import static io.sluice.api.Functions.substring;
import static io.sluice.api.Functions.trim;
import static io.sluice.api.Functions.upper;
import static io.sluice.api.types.DataTypes.BINARY;
import static io.sluice.api.types.DataTypes.BOOLEAN;
import static io.sluice.api.types.DataTypes.INT;
import static io.sluice.api.types.DataTypes.STRING;
import static io.sluice.api.types.DataTypes.array;
import static io.sluice.api.types.DataTypes.field;
import static io.sluice.engine.internal.expr.ExprTestSupport.batch;
import static io.sluice.engine.internal.expr.ExprTestSupport.row;
import static io.sluice.engine.internal.expr.ExprTestSupport.schema;
import static io.sluice.engine.internal.expr.ExprTestSupport.select;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringFunctionsTest {
  private static final StructType IN = schema(field("s", STRING), field("t", STRING));

  private static ColumnBatch input() {
    return batch(IN, row("Hello World", "lo"), row("  Straße Ünïcode  ", "Ün"), row(null, "x"),
        row("", null));
  }

  @Test
  void lowerUpperAndTrimHandleAsciiAndUnicode() {
    ColumnBatch out = select(input(), lower(col("s")), upper(col("s")), trim(col("s")));
    assertThat(out.schema()).isEqualTo(schema(field("lower(s)", STRING),
        field("upper(s)", STRING), field("trim(s)", STRING)));
    assertThat(out.rows()).containsExactly(
        row("hello world", "HELLO WORLD", "Hello World"),
        row("  straße ünïcode  ", "  STRASSE ÜNÏCODE  ", "Straße Ünïcode"),
        row(null, null, null),
        row("", "", ""));
  }

  @Test
  void lengthCountsCharactersOfStringsAndBytesOfBinaries() {
    ColumnBatch out = select(input(), length(col("s")), length(col("s").cast(BINARY)).as("b"));
    assertThat(out.schema()).isEqualTo(schema(field("length(s)", INT), field("b", INT)));
    assertThat(out.rows()).containsExactly(row(11, 11), row(18, 21), row(null, null), row(0, 0));
  }

  @Test
  void substringIsOneBasedOnCharactersWithNegativePositionsFromTheEnd() {
    ColumnBatch out = select(input(), substring(col("s"), 2, 3).as("a"),
        substring(col("s"), -4, 2).as("b"), substring(col("s"), 0, 4).as("c"),
        substring(col("s"), 100, 2).as("d"));
    assertThat(out.rows()).containsExactly(
        row("ell", "or", "Hell", ""),
        row(" St", "de", "  St", ""),
        row(null, null, null, null),
        row("", "", "", ""));
    ColumnBatch unicode = select(batch(IN, row("aÜßé€b", "")), substring(col("s"), 2, 3));
    assertThat(unicode.rows()).containsExactly(row("Üßé"));
  }

  @Test
  void concatIsNullIfAnyArgumentIsNullAndCastsOtherTypesToString() {
    ColumnBatch out = select(input(), concat(col("s"), lit("-"), col("t")).as("c"),
        concat(col("t"), lit(1)).as("n"));
    assertThat(out.schema()).isEqualTo(schema(field("c", STRING), field("n", STRING)));
    assertThat(out.rows()).containsExactly(row("Hello World-lo", "lo1"),
        row("  Straße Ünïcode  -Ün", "Ün1"), row(null, "x1"), row(null, null));
  }

  @Test
  void regexpReplaceReplacesEveryMatchWithGroupReferences() {
    ColumnBatch out = select(input(), regexpReplace(col("s"), "(o)(\\s|$)", "0$2").as("r"));
    assertThat(out.rows()).containsExactly(row("Hell0 World"), row("  Straße Ünïcode  "),
        row((Object) null), row(""));
  }

  @Test
  void splitGivesAnArrayKeepingTrailingEmptyStrings() {
    StructType in = schema(field("csv", STRING));
    ColumnBatch out = select(batch(in, row("a,b,,c,"), row("single"), row((Object) null),
        row("")), split(col("csv"), ",").as("parts"));
    assertThat(out.schema()).isEqualTo(schema(field("parts", array(STRING))));
    assertThat(out.rows()).containsExactly(row(List.of("a", "b", "", "c", "")),
        row(List.of("single")), row((Object) null), row(List.of("")));
  }

  @Test
  void containsAndStartsWithCompareBytesWithNulls() {
    ColumnBatch out = select(input(), col("s").contains(col("t")).as("c"),
        col("s").startsWith("He").as("p"), col("s").contains("").as("e"));
    assertThat(out.schema()).isEqualTo(schema(field("c", BOOLEAN), field("p", BOOLEAN),
        field("e", BOOLEAN)));
    assertThat(out.rows()).containsExactly(row(true, true, true), row(true, false, true),
        row(null, null, null), row(null, false, true));
  }

  @Test
  void concatOfBinariesStaysBinary() {
    StructType in = schema(field("a", BINARY), field("b", BINARY));
    ColumnBatch out = select(batch(in, row(new byte[] {1, 2}, new byte[] {3})),
        concat(col("a"), col("b")).as("ab"));
    assertThat(out.schema()).isEqualTo(schema(field("ab", BINARY)));
    assertThat(out.rows()).containsExactly(row((Object) new byte[] {1, 2, 3}));
  }
}
