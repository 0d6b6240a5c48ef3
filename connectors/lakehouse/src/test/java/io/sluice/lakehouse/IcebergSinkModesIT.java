package io.sluice.lakehouse;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.count;
import static io.sluice.api.Functions.sum;
import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.connectors.MemoryStream;
import io.sluice.lakehouse.internal.BatchMarkers;
import io.sluice.lakehouse.internal.TableMaintenance;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(120)
class IcebergSinkModesIT {
  static final StructType SALES = DataTypes.struct(field("shop", DataTypes.STRING), field("amount", DataTypes.LONG));

  StreamSession session;
  @TempDir Path dir;

  @BeforeEach
  void createSession() {
    session = StreamSession.builder().appName("iceberg-modes-test")
        .config("sluice.shuffle.partitions", "3").getOrCreate();
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  private String table() {
    return dir.resolve("tables/totals").toString();
  }

  private StreamingQuery start(MemoryStream input, OutputMode mode, Map<String, String> options) {
    var w = input.toDF().groupBy("shop").agg(count().as("sales"), sum(col("amount")).as("total"))
        .writeStream().format("iceberg").outputMode(mode)
        .option("checkpointLocation", dir.resolve("cp").toString());
    options.forEach(w::option);
    return w.start(table());
  }

  @Test
  void completeModeReplacesTheWholeTableContentWithEachBatchsResult() throws Exception {
    MemoryStream input = MemoryStream.create(session, SALES);
    StreamingQuery q = start(input, OutputMode.COMPLETE, Map.of());
    input.addData(List.of(Row.of("a", 10L), Row.of("b", 1L)));
    q.processAllAvailable();
    assertThat(IcebergTables.rows(table())).containsExactlyInAnyOrder(Row.of("a", 1L, 10L), Row.of("b", 1L, 1L));
    input.addData(List.of(Row.of("a", 5L), Row.of("c", 7L)));
    q.processAllAvailable();
    input.addData(List.of(Row.of("c", 1L)));
    q.processAllAvailable();
    q.stop();
    Table t = IcebergTables.load(table());
    assertThat(IcebergTables.rows(t)).containsExactlyInAnyOrder(
        Row.of("a", 2L, 15L), Row.of("b", 1L, 1L), Row.of("c", 2L, 8L));
    assertThat(IcebergTables.history(t)).hasSize(3)
        .allMatch(s -> s.summary().containsKey(BatchMarkers.BATCH_ID));
    assertThat(IcebergTables.history(t).get(2).operation()).isEqualTo("overwrite");
  }

  @Test
  void updateModeUpsertsEachBatchsChangedKeysSoReadersSeeEachKeysLatestValue() throws Exception {
    MemoryStream input = MemoryStream.create(session, SALES);
    StreamingQuery q = start(input, OutputMode.UPDATE, Map.of("keyColumns", "shop", "maintenance.everyBatches", "0"));
    input.addData(List.of(Row.of("a", 10L), Row.of("b", 1L)));
    q.processAllAvailable();
    input.addData(List.of(Row.of("a", 5L), Row.of("c", 7L)));
    q.processAllAvailable();
    input.addData(List.of(Row.of("a", 1L)));
    q.processAllAvailable();
    q.stop();
    List<Row> expected = List.of(Row.of("a", 3L, 16L), Row.of("b", 1L, 1L), Row.of("c", 1L, 7L));
    Table t = IcebergTables.load(table());
    assertThat(IcebergTables.rows(t)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(t.currentSnapshot().summary()).containsKey("added-equality-delete-files");
    assertThat(session.read().format("iceberg").load(table()).collectAsList())
        .containsExactlyInAnyOrderElementsOf(expected);

    // Maintenance applies the equality deletes: same rows, no delete files, markers intact.
    TableMaintenance m = new TableMaintenance(t, q.id(), new ConnectorOptions(Map.of("path", table(),
        "maintenance.expireAfter", "PT0S", "maintenance.retainLast", "1")));
    m.run();
    t.refresh();
    assertThat(IcebergTables.rows(t)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(t.currentSnapshot().operation()).isEqualTo("replace");
    assertThat(t.currentSnapshot().summary()).containsEntry("total-equality-deletes", "0")
        .containsEntry("total-delete-files", "0");
    assertThat(BatchMarkers.lastCommittedBatch(t, q.id())).isEqualTo(2);
    assertThat(BatchMarkers.latestMarkerSnapshot(t, q.id())).isNotNull();
    assertThat(IcebergTables.history(t)).hasSize(2);

    // The restarted query keeps upserting after maintenance.
    StreamingQuery again = start(input, OutputMode.UPDATE, Map.of("keyColumns", "shop"));
    input.addData(List.of(Row.of("b", 4L)));
    again.processAllAvailable();
    again.stop();
    assertThat(IcebergTables.rows(table())).containsExactlyInAnyOrder(
        Row.of("a", 3L, 16L), Row.of("b", 2L, 5L), Row.of("c", 1L, 7L));
  }

  @Test
  void updateModeTakesTheAggregationsGroupingColumnsAsKeys() throws Exception {
    MemoryStream input = MemoryStream.create(session, SALES);
    StreamingQuery q = start(input, OutputMode.UPDATE, Map.of());
    input.addData(List.of(Row.of("a", 10L), Row.of("b", 1L)));
    q.processAllAvailable();
    input.addData(List.of(Row.of("a", 5L)));
    q.processAllAvailable();
    q.stop();
    assertThat(IcebergTables.rows(table())).containsExactlyInAnyOrder(Row.of("a", 2L, 15L), Row.of("b", 1L, 1L));
  }

  @Test
  void updateModeWithoutKeyColumnsFailsAtStartNamingTheOption() {
    MemoryStream input = MemoryStream.create(session, SALES);
    // Not an aggregation: the engine has no grouping columns to offer as keys.
    var w = input.toDF().writeStream().format("iceberg").outputMode(OutputMode.UPDATE)
        .option("checkpointLocation", dir.resolve("cp").toString());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.start(table()))
        .hasMessageContaining("keyColumns");
  }
}
