package io.sluice.engine.internal.connectors;

import static io.sluice.engine.internal.connectors.ConnectorTestSupport.readAll;
import static io.sluice.engine.internal.connectors.ConnectorTestSupport.sourceContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.Row;
import io.sluice.api.connector.BatchScan;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.InputPartition;
import io.sluice.api.connector.Offset;
import io.sluice.api.connector.ReadLimit;
import io.sluice.api.connector.Source;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.connectors.MemoryStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemorySourceTest {
  private static final StructType SCHEMA = DataTypes.struct(
      DataTypes.field("name", DataTypes.STRING), DataTypes.field("n", DataTypes.INT));

  private final MemorySourceProvider provider = new MemorySourceProvider();
  private final MemoryStream stream = MemoryStream.create(ConnectorTestSupport.unusedSession(), SCHEMA);

  @AfterEach
  void closeStream() {
    stream.close();
  }

  private Source source() {
    return provider.createSource(sourceContext(Map.of("id", stream.id()), null));
  }

  @Test
  void offsetAdvancesByOneChunkPerAddData() {
    Source source = source();
    Offset initial = source.initialOffset();
    assertThat(initial.json()).isEqualTo("{\"chunks\":0}");
    assertThat(source.latestOffset(initial, ReadLimit.allAvailable())).isEqualTo(initial);

    assertThat(stream.addData(Row.of("a", 1), Row.of("b", 2))).isEqualTo(1);
    assertThat(stream.addData(List.of(Row.of("c", 3)))).isEqualTo(2);
    assertThat(stream.addBatch(ColumnBatch.fromRows(SCHEMA, List.of(Row.of("d", 4))))).isEqualTo(3);

    Offset latest = source.latestOffset(initial, ReadLimit.allAvailable());
    assertThat(latest.json()).isEqualTo("{\"chunks\":3}");
    assertThat(source.deserializeOffset(latest.json())).isEqualTo(latest);
  }

  @Test
  void partitionsOfRangeReturnExactlyItsRowsAndTheSameRowsOnReplay() throws Exception {
    Source source = source();
    stream.addData(Row.of("a", 1));
    // Row.of(null, 3) would pick Row.of(StructType, Object...): cast the null.
    stream.addData(Row.of("b", 2), Row.of((Object) null, 3));
    stream.addData(Row.of("c", null));
    Offset start = source.deserializeOffset("{\"chunks\":1}");
    Offset end = source.deserializeOffset("{\"chunks\":3}");

    List<InputPartition> partitions = source.planInputPartitions(start, end);

    assertThat(partitions).hasSize(2);
    List<Row> expected = List.of(Row.of("b", 2), Row.of((Object) null, 3), Row.of("c", null));
    assertThat(readAll(source, partitions)).containsExactlyElementsOf(expected);
    stream.addData(Row.of("later", 9));
    // A re-run after a crash plans and reads the same range again, possibly in a new source.
    Source restarted = source();
    assertThat(readAll(restarted, restarted.planInputPartitions(start, end)))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void rowsSchemaMatchesTheStream() throws Exception {
    Source source = source();
    stream.addData(Row.of("a", 1));
    assertThat(source.schema()).isEqualTo(SCHEMA);
    assertThat(provider.schema(new ConnectorOptions(Map.of("id", stream.id())), null)).isEqualTo(SCHEMA);
    assertThat(source.description()).isEqualTo("MemoryStream[" + stream.id() + "]");
  }

  @Test
  void largeChunkIsSplitIntoBatchesButStaysOneOffset() throws Exception {
    Source source = source();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      rows.add(Row.of("r", i));
    }
    assertThat(stream.addData(rows)).isEqualTo(1);

    List<InputPartition> partitions =
        source.planInputPartitions(source.initialOffset(), source.deserializeOffset("{\"chunks\":1}"));
    assertThat(partitions).hasSize(1);
    var reader = source.createReader(partitions.get(0));
    assertThat(reader.next().numRows()).isEqualTo(ColumnBatch.DEFAULT_ROWS);
    assertThat(readAll(source, partitions)).containsExactlyElementsOf(rows);
  }

  @Test
  void maxRowsLimitIsAppliedByWholeChunksAndReadsAtLeastOneChunk() {
    Source source = source();
    stream.addData(Row.of("a", 1), Row.of("b", 2), Row.of("c", 3));
    stream.addData(Row.of("d", 4));
    stream.addData(Row.of("e", 5));
    stream.addData(Row.of("f", 6), Row.of("g", 7));
    Offset initial = source.initialOffset();

    // The first chunk alone exceeds the limit, but is read rather than stuck.
    Offset first = source.latestOffset(initial, new ReadLimit.MaxRows(2));
    assertThat(first.json()).isEqualTo("{\"chunks\":1}");
    Offset second = source.latestOffset(first, new ReadLimit.MaxRows(2));
    assertThat(second.json()).isEqualTo("{\"chunks\":3}");
    Offset third = source.latestOffset(second,
        new ReadLimit.Composite(List.of(new ReadLimit.MaxRows(100), new ReadLimit.MaxRows(2))));
    assertThat(third.json()).isEqualTo("{\"chunks\":4}");
    assertThat(source.latestOffset(third, new ReadLimit.MaxRows(2))).isEqualTo(third);
  }

  @Test
  void batchScanReadsEverythingAddedSoFar() throws Exception {
    stream.addData(Row.of("a", 1));
    stream.addData(Row.of("b", 2));
    BatchScan scan = provider.createBatchScan(sourceContext(Map.of("id", stream.id()), null));
    stream.addData(Row.of("after the scan", 3));

    List<Row> rows = new ArrayList<>();
    for (InputPartition p : scan.partitions()) {
      rows.addAll(ConnectorTestSupport.read(scan.createReader(p)));
    }
    assertThat(scan.schema()).isEqualTo(SCHEMA);
    assertThat(rows).containsExactly(Row.of("a", 1), Row.of("b", 2));
  }

  @Test
  void unknownStreamIdIsAnAnalysisException() {
    assertThatThrownBy(() -> provider.schema(new ConnectorOptions(Map.of("id", "nope")), null))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("No MemoryStream with id 'nope'");
  }

  @Test
  void closedStreamCannotBeReadAgainOrAppendedTo() {
    stream.close();
    assertThatThrownBy(this::source).isInstanceOf(AnalysisException.class).hasMessageContaining(stream.id());
    assertThatThrownBy(() -> stream.addData(Row.of("a", 1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void missingIdOrUnknownOptionIsAnAnalysisException() {
    assertThatThrownBy(() -> provider.schema(new ConnectorOptions(Map.of()), null))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("'id' is required");
    assertThatThrownBy(() -> provider.schema(
            new ConnectorOptions(Map.of("id", stream.id(), "rowsPerSecond", "3")), null))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Unknown option 'rowsPerSecond'")
        .hasMessageContaining("Known options: id");
  }

  @Test
  void userSchemaDifferentFromTheStreamsIsRejected() {
    StructType other = DataTypes.struct(DataTypes.field("x", DataTypes.LONG));
    assertThatThrownBy(() -> provider.schema(new ConnectorOptions(Map.of("id", stream.id())), other))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("differs");
  }

  @Test
  void rowsThatDoNotMatchTheSchemaAreRejected() {
    assertThatThrownBy(() -> stream.addData(Row.of("a", "not an int")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stream.addData(Row.of("a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(stream.currentOffset()).isZero();
  }

  @Test
  void offsetOfAnotherShapeIsRejected() {
    assertThatThrownBy(() -> source().deserializeOffset("{\"rows\":3}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
