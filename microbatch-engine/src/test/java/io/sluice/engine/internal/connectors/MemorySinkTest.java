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
import io.sluice.engine.connectors.MemorySink;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemorySinkTest {
  private static final StructType SCHEMA = DataTypes.struct(
      DataTypes.field("k", DataTypes.STRING), DataTypes.field("n", DataTypes.LONG));
  private static final String TABLE = "memory_sink_test";

  private final MemorySinkProvider provider = new MemorySinkProvider();
  private final UUID queryId = UUID.randomUUID();

  @AfterEach
  void dropTable() {
    MemorySink.clear(TABLE);
  }

  private Sink sink(OutputMode mode, List<String> keys) {
    return sink(mode, keys, queryId);
  }

  private Sink sink(OutputMode mode, List<String> keys, UUID id) {
    return provider.createSink(new SinkContext(new ConnectorOptions(Map.of()), SCHEMA, mode, id,
        TABLE, keys, null, Map.of()));
  }

  /** A batch whose rows arrive over two output partitions. */
  private static SinkBatch batch(Row... rows) {
    int half = rows.length / 2;
    return new SinkBatch(SCHEMA, List.of(
        List.of(ColumnBatch.fromRows(SCHEMA, List.of(rows).subList(0, half))),
        List.of(ColumnBatch.fromRows(SCHEMA, List.of(rows).subList(half, rows.length)))));
  }

  @Test
  void appendModeAppendsEachBatch() throws Exception {
    Sink sink = sink(OutputMode.APPEND, List.of());
    assertThat(MemorySink.rows(TABLE)).isEmpty();
    assertThat(MemorySink.lastBatchId(TABLE)).isEqualTo(-1);

    sink.addBatch(0, batch(Row.of("a", 1L), Row.of("b", 2L)));
    sink.addBatch(1, batch(Row.of("a", 3L)));

    assertThat(MemorySink.rows(TABLE)).containsExactly(Row.of("a", 1L), Row.of("b", 2L), Row.of("a", 3L));
    assertThat(MemorySink.batches(TABLE)).containsExactly(
        List.of(Row.of("a", 1L), Row.of("b", 2L)), List.of(Row.of("a", 3L)));
    assertThat(MemorySink.lastBatchId(TABLE)).isEqualTo(1);
    assertThat(MemorySink.rows(TABLE).get(0).get("n")).isEqualTo(1L);
  }

  @Test
  void completeModeReplacesTheTable() throws Exception {
    Sink sink = sink(OutputMode.COMPLETE, List.of("k"));

    sink.addBatch(0, batch(Row.of("a", 1L), Row.of("b", 1L)));
    sink.addBatch(1, batch(Row.of("a", 2L), Row.of("b", 1L), Row.of("c", 1L)));

    assertThat(MemorySink.rows(TABLE)).containsExactly(Row.of("a", 2L), Row.of("b", 1L), Row.of("c", 1L));
    assertThat(MemorySink.batches(TABLE)).hasSize(2);
  }

  @Test
  void updateModeUpsertsByKeyColumns() throws Exception {
    Sink sink = sink(OutputMode.UPDATE, List.of("k"));

    sink.addBatch(0, batch(Row.of("a", 1L), Row.of("b", 1L)));
    sink.addBatch(1, batch(Row.of("c", 1L), Row.of("a", 2L)));
    sink.addBatch(2, batch(Row.of((Object) null, 5L)));
    sink.addBatch(3, batch(Row.of((Object) null, 6L), Row.of("b", 3L)));

    assertThat(MemorySink.rows(TABLE)).containsExactly(
        Row.of("a", 2L), Row.of("b", 3L), Row.of("c", 1L), Row.of((Object) null, 6L));
    assertThat(MemorySink.batches(TABLE).get(1)).containsExactly(Row.of("c", 1L), Row.of("a", 2L));
  }

  @Test
  void updateModeWithoutKeyColumnsAppends() throws Exception {
    Sink sink = sink(OutputMode.UPDATE, List.of());

    sink.addBatch(0, batch(Row.of("a", 1L)));
    sink.addBatch(1, batch(Row.of("a", 2L)));

    assertThat(MemorySink.rows(TABLE)).containsExactly(Row.of("a", 1L), Row.of("a", 2L));
  }

  @Test
  void replayedBatchIdIsIgnored() throws Exception {
    Sink sink = sink(OutputMode.APPEND, List.of());
    sink.addBatch(0, batch(Row.of("a", 1L)));
    sink.addBatch(1, batch(Row.of("b", 2L)));

    // The query crashed after the sink committed batch 1 but before the commit log: it restarts
    // (same query id, a new sink instance) and re-runs batch 1.
    Sink restarted = sink(OutputMode.APPEND, List.of());
    restarted.addBatch(1, batch(Row.of("b", 2L)));
    restarted.addBatch(0, batch(Row.of("a", 1L)));
    restarted.addBatch(2, batch(Row.of("c", 3L)));

    assertThat(MemorySink.rows(TABLE)).containsExactly(Row.of("a", 1L), Row.of("b", 2L), Row.of("c", 3L));
    assertThat(MemorySink.lastBatchId(TABLE)).isEqualTo(2);
  }

  @Test
  void anotherQueryWithTheSameNameStartsAnEmptyTable() throws Exception {
    sink(OutputMode.APPEND, List.of()).addBatch(0, batch(Row.of("a", 1L)));

    Sink other = sink(OutputMode.APPEND, List.of(), UUID.randomUUID());
    assertThat(MemorySink.rows(TABLE)).isEmpty();
    other.addBatch(0, batch(Row.of("z", 9L)));

    assertThat(MemorySink.rows(TABLE)).containsExactly(Row.of("z", 9L));
  }

  @Test
  void clearDropsTheTable() throws Exception {
    Sink sink = sink(OutputMode.APPEND, List.of());
    sink.addBatch(0, batch(Row.of("a", 1L)));

    MemorySink.clear(TABLE);

    assertThat(MemorySink.lastBatchId(TABLE)).isEqualTo(-1);
    assertThatThrownBy(() -> MemorySink.rows(TABLE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No memory table '" + TABLE + "'");
    sink.addBatch(1, batch(Row.of("b", 2L)));
    assertThat(MemorySink.rows(TABLE)).containsExactly(Row.of("b", 2L));
  }

  @Test
  void returnedRowsAreASnapshot() throws Exception {
    Sink sink = sink(OutputMode.APPEND, List.of());
    sink.addBatch(0, batch(Row.of("a", 1L)));
    List<Row> before = MemorySink.rows(TABLE);

    sink.addBatch(1, batch(Row.of("b", 2L)));

    assertThat(before).containsExactly(Row.of("a", 1L));
    assertThatThrownBy(() -> before.add(Row.of("x", 0L))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void missingQueryNameIsAnAnalysisException() {
    assertThatThrownBy(() -> provider.createSink(new SinkContext(new ConnectorOptions(Map.of()),
            SCHEMA, OutputMode.APPEND, queryId, null, List.of(), null, Map.of())))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("The memory sink needs a query name: call queryName(...)");
  }

  @Test
  void unknownKeyColumnOrOptionIsAnAnalysisException() {
    assertThatThrownBy(() -> sink(OutputMode.UPDATE, List.of("nope")))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("'nope'");
    assertThatThrownBy(() -> provider.validate(new ConnectorOptions(Map.of("numRows", "3"))))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Unknown option 'numRows' for format 'memory'");
  }
}
