package io.sluice.engine.internal.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkBatch;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConsoleSinkTest {
  private static final StructType SCHEMA = DataTypes.struct(
      DataTypes.field("name", DataTypes.STRING), DataTypes.field("n", DataTypes.INT));

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ConsoleSinkProvider provider =
      new ConsoleSinkProvider(new PrintStream(bytes, true, StandardCharsets.UTF_8));

  private Sink sink(StructType schema, Map<String, String> options) {
    return provider.createSink(new SinkContext(new ConnectorOptions(options), schema,
        OutputMode.APPEND, UUID.randomUUID(), null, List.of(), null, Map.of()));
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static SinkBatch batch(StructType schema, List<List<Row>> partitions) {
    return new SinkBatch(schema,
        partitions.stream().map(p -> List.of(ColumnBatch.fromRows(schema, p))).toList());
  }

  @Test
  void printsBatchHeaderAndRightAlignedTruncatedTableWithNullsAndRowLimit() throws Exception {
    Sink sink = sink(SCHEMA, Map.of("numRows", "2"));

    sink.addBatch(3, batch(SCHEMA, List.of(
        List.of(Row.of("a very long name that is cut", 1)),
        List.of(Row.of((Object) null, null), Row.of("bob", 3)))));

    assertThat(printed()).isEqualTo("""
        -------------------------------------------
        Batch: 3
        -------------------------------------------
        +--------------------+----+
        |                name|   n|
        +--------------------+----+
        |a very long name ...|   1|
        |                null|null|
        +--------------------+----+
        only showing top 2 rows

        """);
  }

  @Test
  void withoutTruncationCellsAreWholeAndLeftAligned() throws Exception {
    Sink sink = sink(SCHEMA, Map.of("truncate", "false"));

    sink.addBatch(0, batch(SCHEMA, List.of(List.of(
        Row.of("a very long name that is not cut", 1), Row.of("b", 22)))));

    assertThat(printed()).isEqualTo("""
        -------------------------------------------
        Batch: 0
        -------------------------------------------
        +--------------------------------+---+
        |name                            |n  |
        +--------------------------------+---+
        |a very long name that is not cut|1  |
        |b                               |22 |
        +--------------------------------+---+

        """);
  }

  @Test
  void emptyBatchPrintsHeaderOnlyTable() throws Exception {
    Sink sink = sink(SCHEMA, Map.of());

    sink.addBatch(7, new SinkBatch(SCHEMA, List.of()));

    assertThat(printed()).isEqualTo("""
        -------------------------------------------
        Batch: 7
        -------------------------------------------
        +----+---+
        |name|  n|
        +----+---+
        +----+---+

        """);
  }

  @Test
  void timestampsDatesArraysStructsAndBinaryPrintLikeSpark() throws Exception {
    StructType inner = DataTypes.struct(
        DataTypes.field("a", DataTypes.STRING), DataTypes.field("b", DataTypes.INT));
    StructType schema = DataTypes.struct(
        DataTypes.field("ts", DataTypes.TIMESTAMP),
        DataTypes.field("d", DataTypes.DATE),
        DataTypes.field("tags", DataTypes.array(DataTypes.STRING)),
        DataTypes.field("s", inner),
        DataTypes.field("bin", DataTypes.BINARY),
        DataTypes.field("x", DataTypes.DOUBLE));
    Sink sink = sink(schema, Map.of("truncate", "false"));

    sink.addBatch(1, batch(schema, List.of(List.of(
        Row.of(Instant.parse("2024-03-01T12:34:56.120Z"), LocalDate.of(2024, 3, 1),
            List.of("a", "b"), Row.of("a", 1), new byte[] {0x0a, (byte) 0xff}, 1.5),
        Row.of(Instant.parse("2024-03-01T00:00:00Z"), null, java.util.Arrays.asList("x", null),
            null, new byte[0], null)))));

    assertThat(printed()).contains(
        "|ts                    |d         |tags     |s     |bin    |x   |\n",
        "|2024-03-01 12:34:56.12|2024-03-01|[a, b]   |{a, 1}|[0A FF]|1.5 |\n",
        "|2024-03-01 00:00:00   |null      |[x, null]|null  |[]     |null|\n");
  }

  @Test
  void lineBreaksInCellsAreEscaped() {
    assertThat(TableFormatter.format(SCHEMA, List.of(Row.of("a\nb", 1)), 20, true))
        .contains("|a\\nb|  1|");
  }

  @Test
  void oneRowLimitSaysRowInSingular() {
    assertThat(TableFormatter.format(SCHEMA, List.of(Row.of("a", 1), Row.of("b", 2)), 1, true))
        .endsWith("only showing top 1 row\n");
  }

  @Test
  void timestampFractionKeepsMicrosecondsWithoutTrailingZeros() {
    assertThat(TableFormatter.formatTimestamp(Instant.parse("1999-12-31T23:59:59.000001Z")))
        .isEqualTo("1999-12-31 23:59:59.000001");
    assertThat(TableFormatter.formatTimestamp(Instant.parse("1999-12-31T23:59:59.5Z")))
        .isEqualTo("1999-12-31 23:59:59.5");
  }

  @Test
  void invalidOrUnknownOptionIsAnAnalysisExceptionNamingIt() {
    assertThatThrownBy(() -> provider.validate(new ConnectorOptions(Map.of("numRows", "0"))))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("'numRows'");
    assertThatThrownBy(() -> provider.validate(new ConnectorOptions(Map.of("truncate", "maybe"))))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("'truncate'");
    assertThatThrownBy(() -> provider.validate(new ConnectorOptions(Map.of("rows", "5"))))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Unknown option 'rows' for format 'console'")
        .hasMessageContaining("numRows, truncate");
  }

  @Test
  void describesItsOptions() {
    assertThat(sink(SCHEMA, Map.of("numRows", "5")).description())
        .isEqualTo("ConsoleSink[numRows=5, truncate=true]");
  }
}
