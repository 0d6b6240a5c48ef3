package io.sluice.lakehouse;

import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkBatch;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.connectors.MemoryStream;
import io.sluice.lakehouse.internal.BatchMarkers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(120)
class IcebergSinkAppendIT {
  static final StructType EVENTS = DataTypes.struct(
      field("id", DataTypes.LONG), field("name", DataTypes.STRING), field("ts", DataTypes.TIMESTAMP),
      field("day", DataTypes.DATE), field("score", DataTypes.DOUBLE), field("ok", DataTypes.BOOLEAN));

  StreamSession session;
  @TempDir Path dir;

  @BeforeEach
  void createSession() {
    session = StreamSession.builder().appName("iceberg-sink-test").getOrCreate();
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  static Row event(long id, String name) {
    return Row.of(id, name, Instant.parse("2025-03-01T10:00:00Z").plusSeconds(id), LocalDate.of(2025, 3, 1),
        id * 1.5, id % 2 == 0);
  }

  private String table() {
    return dir.resolve("tables/events").toString();
  }

  private StreamingQuery start(MemoryStream input, String checkpoint) {
    return input.toDF().writeStream()
        .format("iceberg")
        .outputMode(OutputMode.APPEND)
        .option("checkpointLocation", dir.resolve(checkpoint).toString())
        .start(table());
  }

  @Test
  void appendModeCommitsEachBatchAsOneSnapshotCarryingItsQueryAndBatchId() throws Exception {
    MemoryStream input = MemoryStream.create(session, EVENTS);
    StreamingQuery q = start(input, "cp");
    List<Row> expected = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      List<Row> rows = List.of(event(b * 10L, "a" + b), event(b * 10L + 1, null));
      input.addData(rows);
      expected.addAll(rows);
      q.processAllAvailable();
    }
    q.stop();
    Table t = IcebergTables.load(table());
    assertThat(IcebergTables.rows(t)).containsExactlyInAnyOrderElementsOf(expected);
    UUID id = q.id();
    assertThat(IcebergTables.markers(t)).containsExactly(
        IcebergTables.marker(id, 0), IcebergTables.marker(id, 1), IcebergTables.marker(id, 2));
    assertThat(t.properties()).containsEntry(BatchMarkers.propertyKey(id), "2")
        .containsEntry("write.parquet.compression-codec", "zstd");
    assertThat(((org.apache.iceberg.HasTableOperations) t).operations().current().formatVersion()).isEqualTo(2);
    assertThat(t.schema().findField("ts").type().toString()).isEqualTo("timestamptz");
  }

  @Test
  void batchReReRunAfterACrashBetweenTableCommitAndCommitLogAddsNothing() throws Exception {
    MemoryStream input = MemoryStream.create(session, EVENTS);
    StreamingQuery q = start(input, "cp");
    input.addData(List.of(event(1, "a")));
    q.processAllAvailable();
    input.addData(List.of(event(2, "b")));
    q.processAllAvailable();
    q.stop();
    // Simulate a crash after the table commit of batch 1 but before commits/1 was written.
    Files.delete(dir.resolve("cp/commits/1"));
    int snapshotsBefore = IcebergTables.snapshotCount(IcebergTables.load(table()));

    StreamingQuery again = start(input, "cp");
    again.processAllAvailable();
    assertThat(dir.resolve("cp/commits/1")).exists();
    assertThat(IcebergTables.snapshotCount(IcebergTables.load(table()))).isEqualTo(snapshotsBefore);
    input.addData(List.of(event(3, "c")));
    again.processAllAvailable();
    again.stop();
    assertThat(IcebergTables.rows(table())).containsExactlyInAnyOrder(event(1, "a"), event(2, "b"), event(3, "c"));
    assertThat(IcebergTables.markers(IcebergTables.load(table())))
        .containsExactly(IcebergTables.marker(q.id(), 0), IcebergTables.marker(q.id(), 1),
            IcebergTables.marker(q.id(), 2));
  }

  private Sink sink(UUID queryId, OutputMode mode, Map<String, String> extra) {
    Map<String, String> opts = new HashMap<>(extra);
    opts.put("path", table());
    return new IcebergSinkProvider().createSink(new SinkContext(new ConnectorOptions(opts), EVENTS, mode,
        queryId, null, List.of(), null, Map.of()));
  }

  private static SinkBatch batch(Row... rows) {
    // two partitions, written in parallel
    List<Row> first = new ArrayList<>();
    List<Row> second = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      (i % 2 == 0 ? first : second).add(rows[i]);
    }
    return new SinkBatch(EVENTS, List.of(List.of(ColumnBatch.fromRows(EVENTS, first)),
        List.of(ColumnBatch.fromRows(EVENTS, second))));
  }

  @Test
  void addBatchTwiceWithTheSameBatchIdWritesOnce() throws Exception {
    UUID q = UUID.randomUUID();
    try (Sink sink = sink(q, OutputMode.APPEND, Map.of())) {
      sink.addBatch(0, batch(event(1, "a"), event(2, "b"), event(3, "c")));
      sink.addBatch(0, batch(event(1, "a"), event(2, "b"), event(3, "c")));
    }
    try (Sink restarted = sink(q, OutputMode.APPEND, Map.of())) {
      restarted.addBatch(0, batch(event(1, "a"), event(2, "b"), event(3, "c")));
      restarted.addBatch(1, batch(event(4, "d")));
      assertThat(restarted.metrics()).containsEntry("skippedBatches", "1");
    }
    Table t = IcebergTables.load(table());
    assertThat(IcebergTables.rows(t)).containsExactlyInAnyOrder(event(1, "a"), event(2, "b"), event(3, "c"),
        event(4, "d"));
    assertThat(IcebergTables.snapshotCount(t)).isEqualTo(2);
  }

  @Test
  void twoQueriesWritingOneTableDoNotSuppressEachOthersBatches() throws Exception {
    UUID q1 = UUID.randomUUID();
    UUID q2 = UUID.randomUUID();
    try (Sink a = sink(q1, OutputMode.APPEND, Map.of()); Sink b = sink(q2, OutputMode.APPEND, Map.of())) {
      a.addBatch(0, batch(event(1, "q1")));
      b.addBatch(0, batch(event(2, "q2")));
      a.addBatch(1, batch(event(3, "q1")));
      b.addBatch(1, batch(event(4, "q2")));
      b.addBatch(1, batch(event(4, "q2")));
    }
    Table t = IcebergTables.load(table());
    assertThat(IcebergTables.rows(t)).containsExactlyInAnyOrder(event(1, "q1"), event(2, "q2"), event(3, "q1"),
        event(4, "q2"));
    assertThat(IcebergTables.markers(t)).containsExactly(IcebergTables.marker(q1, 0), IcebergTables.marker(q2, 0),
        IcebergTables.marker(q1, 1), IcebergTables.marker(q2, 1));
  }

  @Test
  void aBatchWithNoRowsCommitsNothing() throws Exception {
    UUID q = UUID.randomUUID();
    try (Sink sink = sink(q, OutputMode.APPEND, Map.of())) {
      sink.addBatch(0, new SinkBatch(EVENTS, List.of(List.of(), List.of(ColumnBatch.empty(EVENTS)))));
    }
    Table t = IcebergTables.load(table());
    assertThat(t.currentSnapshot()).isNull();
    assertThat(t.schema().columns()).hasSize(EVENTS.size());
  }

  @Test
  void theCommitItselfRejectsABatchAnAncestorAlreadyHolds() throws Exception {
    UUID q = UUID.randomUUID();
    try (Sink sink = sink(q, OutputMode.APPEND, Map.of())) {
      Table t = IcebergTables.load(table());
      // A writer that prepared its commit before batch 0 landed (its base has no marker yet)...
      DataFile file = DataFiles.builder(t.spec()).withPath(dir.resolve("x.parquet").toString())
          .withFormat(FileFormat.PARQUET).withFileSizeInBytes(10).withRecordCount(1).build();
      var stale = t.newAppend().appendFile(file)
          .set(BatchMarkers.QUERY_ID, q.toString()).set(BatchMarkers.BATCH_ID, "0")
          .validateWith(BatchMarkers.notYetCommitted(q, 0));
      sink.addBatch(0, batch(event(1, "a")));
      // ...fails inside Iceberg's commit, which re-validates against the refreshed table.
      assertThatThrownBy(stale::commit).isInstanceOf(ValidationException.class)
          .hasMessageContaining("batch 0 of query " + q + " is already committed");
    }
    assertThat(IcebergTables.rows(table())).containsExactly(event(1, "a"));
  }

  @Test
  void batchReadReturnsTheTableContent() throws Exception {
    UUID q = UUID.randomUUID();
    try (Sink sink = sink(q, OutputMode.APPEND, Map.of())) {
      sink.addBatch(0, batch(event(1, "a"), event(2, "b")));
      sink.addBatch(1, batch(event(3, "c")));
    }
    List<Row> read = session.read().format("iceberg").load(table()).collectAsList();
    assertThat(read).containsExactlyInAnyOrder(event(1, "a"), event(2, "b"), event(3, "c"));
    assertThat(session.read().format("iceberg").load(table()).schema()).isEqualTo(EVENTS);
    long first = IcebergTables.history(IcebergTables.load(table())).get(0).snapshotId();
    assertThat(session.read().format("iceberg").option("snapshotId", first).load(table()).collectAsList())
        .containsExactlyInAnyOrder(event(1, "a"), event(2, "b"));
  }

  @Test
  void avroWriteFormatWritesAvroDataFiles() throws Exception {
    try (Sink sink = sink(UUID.randomUUID(), OutputMode.APPEND, Map.of("write.format", "avro"))) {
      sink.addBatch(0, batch(event(1, "a"), event(2, "b")));
    }
    Table t = IcebergTables.load(table());
    try (var tasks = t.newScan().planFiles()) {
      assertThat(tasks).isNotEmpty().allMatch(task -> task.file().format() == FileFormat.AVRO);
    }
    assertThat(IcebergTables.rows(t)).containsExactlyInAnyOrder(event(1, "a"), event(2, "b"));
  }

  @Test
  void loadOfAMissingTableNamesIt() {
    String missing = dir.resolve("nope").toString();
    assertThatThrownBy(() -> session.readStream().format("iceberg").load(missing))
        .isInstanceOf(io.sluice.api.AnalysisException.class).hasMessageContaining(missing);
  }
}
