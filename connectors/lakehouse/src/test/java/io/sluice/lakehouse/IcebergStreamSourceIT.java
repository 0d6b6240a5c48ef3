package io.sluice.lakehouse;

import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.DataFrame;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.StreamingQueryException;
import io.sluice.api.Trigger;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkBatch;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.lakehouse.internal.TableMaintenance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(120)
class IcebergStreamSourceIT {
  static final StructType SCHEMA = DataTypes.struct(field("id", DataTypes.LONG), field("name", DataTypes.STRING));

  StreamSession session;
  @TempDir Path dir;
  final UUID writer = UUID.randomUUID();
  long nextBatch;

  @BeforeEach
  void createSession() {
    session = StreamSession.builder().appName("iceberg-source-test").getOrCreate();
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  private String table() {
    return dir.resolve("tables/t").toString();
  }

  private Sink sink(UUID query, OutputMode mode) {
    return new IcebergSinkProvider().createSink(new SinkContext(new ConnectorOptions(Map.of("path", table(),
        "maintenance.everyBatches", "0")), SCHEMA, mode, query, null, List.of(), null, Map.of()));
  }

  /** Appends one snapshot holding {@code rows} in {@code files} data files. */
  private void append(int files, Row... rows) throws Exception {
    List<List<ColumnBatch>> parts = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      List<Row> part = new ArrayList<>();
      for (int i = f; i < rows.length; i += files) {
        part.add(rows[i]);
      }
      parts.add(List.of(ColumnBatch.fromRows(SCHEMA, part)));
    }
    try (Sink s = sink(writer, OutputMode.APPEND)) {
      s.addBatch(nextBatch++, new SinkBatch(SCHEMA, parts));
    }
  }

  private static Row r(long id) {
    return Row.of(id, "n" + id);
  }

  /** Runs an available-now query over the table and returns the rows of each batch it ran. */
  private List<List<Row>> runAvailableNow(String checkpoint, Map<String, String> options) throws Exception {
    List<List<Row>> batches = Collections.synchronizedList(new ArrayList<>());
    var reader = session.readStream().format("iceberg");
    options.forEach(reader::option);
    DataFrame df = reader.load(table());
    StreamingQuery q = df.writeStream()
        .trigger(Trigger.availableNow())
        .option("checkpointLocation", dir.resolve(checkpoint).toString())
        .foreachBatch((batch, id) -> batches.add(batch.collectAsList()))
        .start();
    q.awaitTermination();
    return batches;
  }

  @Test
  void eachBatchReadsTheRowsAppendedSinceTheLastProcessedSnapshot() throws Exception {
    append(1, r(1), r(2));
    append(2, r(3), r(4), r(5));
    assertBatches(runAvailableNow("cp", Map.of()), List.of(r(1), r(2), r(3), r(4), r(5)));
    append(1, r(6));
    append(1, r(7));
    assertBatches(runAvailableNow("cp", Map.of()), List.of(r(6), r(7)));
    assertThat(runAvailableNow("cp", Map.of())).isEmpty();
  }

  @Test
  void maxSnapshotsPerTriggerAndMaxFilesPerTriggerBoundABatchBySnapshots() throws Exception {
    append(1, r(1));
    append(1, r(2));
    append(2, r(3), r(4));
    append(1, r(5));
    assertBatches(runAvailableNow("cp1", Map.of("maxSnapshotsPerTrigger", "2")),
        List.of(r(1), r(2)), List.of(r(3), r(4), r(5)));
    // 2 files per batch: snapshots 1+2, then snapshot 3 alone (2 files), then 4.
    assertBatches(runAvailableNow("cp2", Map.of("maxFilesPerTrigger", "2")),
        List.of(r(1), r(2)), List.of(r(3), r(4)), List.of(r(5)));
  }

  /** Asserts the batches, in order, each compared as a multiset. */
  @SafeVarargs
  private static void assertBatches(List<List<Row>> actual, List<Row>... expected) {
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual.get(i)).as("batch " + i).containsExactlyInAnyOrderElementsOf(expected[i]);
    }
  }

  @Test
  void startingOffsetsLatestAndStartingSnapshotIdChooseWhereANewQueryStarts() throws Exception {
    append(1, r(1));
    append(1, r(2));
    append(1, r(3));
    Table t = IcebergTables.load(table());
    long second = IcebergTables.history(t).get(1).snapshotId();
    assertThat(runAvailableNow("latest", Map.of("startingOffsets", "latest"))).isEmpty();
    assertBatches(runAvailableNow("fromSecond", Map.of("startingSnapshotId", Long.toString(second))),
        List.of(r(2), r(3)));
    long thirdTs = IcebergTables.history(t).get(2).timestampMillis();
    List<List<Row>> fromTs = runAvailableNow("fromTs", Map.of("startingTimestamp", Long.toString(thirdTs)));
    assertThat(fromTs.stream().flatMap(List::stream).toList()).contains(r(3)).doesNotContain(r(1));
    append(1, r(4));
    assertBatches(runAvailableNow("latest", Map.of("startingOffsets", "latest")), List.of(r(4)));
  }

  @Test
  void anOverwriteSnapshotFailsTheQueryUnlessSkipOverwritesIsSet() throws Exception {
    append(1, r(1));
    try (Sink complete = sink(UUID.randomUUID(), OutputMode.COMPLETE)) {
      complete.addBatch(0, new SinkBatch(SCHEMA, List.of(List.of(ColumnBatch.fromRows(SCHEMA, List.of(r(9)))))));
    }
    append(1, r(2));
    assertThatThrownBy(() -> runAvailableNow("failing", Map.of()))
        .isInstanceOf(StreamingQueryException.class)
        .hasMessageContaining("is an 'overwrite' snapshot")
        .hasMessageContaining("skipOverwrites=true");
    assertThat(runAvailableNow("skipping", Map.of("skipOverwrites", "true")).stream().flatMap(List::stream).toList())
        .containsExactlyInAnyOrder(r(1), r(2));
  }

  @Test
  void compactionSnapshotsArePassedOverWithoutRereadingRows() throws Exception {
    for (int i = 0; i < 6; i++) {
      append(1, r(i));
    }
    assertThat(runAvailableNow("cp", Map.of()).stream().flatMap(List::stream).toList()).hasSize(6);
    Map<String, String> opts = new HashMap<>(Map.of("path", table(), "maintenance.expireAfter", "PT0S"));
    int rewritten = new TableMaintenance(IcebergTables.load(table()), writer, new ConnectorOptions(opts)).compact();
    assertThat(rewritten).isEqualTo(6);
    append(1, r(100));
    assertBatches(runAvailableNow("cp", Map.of()), List.of(r(100)));
    assertThat(IcebergTables.rows(table())).hasSize(7);
  }

  @Test
  void aQueryStartedBeforeItsTableExistsWaitsForItWhenGivenASchema() throws Exception {
    DataFrame df = session.readStream().format("iceberg").schema(SCHEMA).load(table());
    List<Row> seen = Collections.synchronizedList(new ArrayList<>());
    StreamingQuery q = df.writeStream()
        .option("checkpointLocation", dir.resolve("cp").toString())
        .foreachBatch((batch, id) -> seen.addAll(batch.collectAsList()))
        .start();
    q.processAllAvailable();
    assertThat(seen).isEmpty();
    append(1, r(1), r(2));
    q.processAllAvailable();
    q.stop();
    assertThat(seen).containsExactlyInAnyOrder(r(1), r(2));
  }

  @Test
  void restartedQueryResumesAfterTheLastCommittedSnapshot() throws Exception {
    append(1, r(1));
    DataFrame df = session.readStream().format("iceberg").load(table());
    List<Row> seen = Collections.synchronizedList(new ArrayList<>());
    StreamingQuery q = df.writeStream().option("checkpointLocation", dir.resolve("cp").toString())
        .foreachBatch((batch, id) -> seen.addAll(batch.collectAsList())).start();
    q.processAllAvailable();
    q.stop();
    append(1, r(2));
    StreamingQuery again = df.writeStream().option("checkpointLocation", dir.resolve("cp").toString())
        .foreachBatch((batch, id) -> seen.addAll(batch.collectAsList())).start();
    again.processAllAvailable();
    again.stop();
    assertThat(seen).containsExactly(r(1), r(2));
  }
}
