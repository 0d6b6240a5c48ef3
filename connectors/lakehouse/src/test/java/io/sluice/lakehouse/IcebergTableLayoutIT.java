package io.sluice.lakehouse;

import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkBatch;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.lakehouse.internal.BatchMarkers;
import io.sluice.lakehouse.internal.TableMaintenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Schema evolution, partitioning, the JDBC catalog and maintenance. */
@Tag("integration")
@Timeout(120)
class IcebergTableLayoutIT {
  static final StructType V1 = DataTypes.struct(field("id", DataTypes.INT, false), field("country", DataTypes.STRING),
      field("ts", DataTypes.TIMESTAMP));

  StreamSession session;
  @TempDir Path dir;

  @BeforeEach
  void createSession() {
    session = StreamSession.builder().appName("iceberg-layout-test").getOrCreate();
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  private String table() {
    return dir.resolve("tables/t").toString();
  }

  private Sink sink(StructType schema, UUID query, Map<String, String> extra) {
    Map<String, String> opts = new HashMap<>(extra);
    opts.putIfAbsent("path", table());
    opts.putIfAbsent("maintenance.everyBatches", "0");
    return new IcebergSinkProvider().createSink(new SinkContext(new ConnectorOptions(opts), schema,
        OutputMode.APPEND, query, null, List.of(), null, Map.of()));
  }

  private static SinkBatch batch(StructType schema, Row... rows) {
    return new SinkBatch(schema, List.of(List.of(ColumnBatch.fromRows(schema, List.of(rows)))));
  }

  private static Instant ts(String s) {
    return Instant.parse(s);
  }

  @Test
  void mergeSchemaAddsTheQuerysNewColumnsAsNullableAndWidensIntToBigint() throws Exception {
    try (Sink s = sink(V1, UUID.randomUUID(), Map.of())) {
      s.addBatch(0, batch(V1, Row.of(1, "de", ts("2025-01-01T00:00:00Z"))));
    }
    StructType v2 = DataTypes.struct(field("id", DataTypes.LONG, false), field("country", DataTypes.STRING),
        field("ts", DataTypes.TIMESTAMP), field("city", DataTypes.STRING));
    try (Sink s = sink(v2, UUID.randomUUID(), Map.of("mergeSchema", "true"))) {
      s.addBatch(0, batch(v2, Row.of(5_000_000_000L, "fr", ts("2025-01-02T00:00:00Z"), "Paris")));
    }
    Table t = IcebergTables.load(table());
    assertThat(t.schema().findField("city").isOptional()).isTrue();
    assertThat(t.schema().findField("id").type().toString()).isEqualTo("long");
    assertThat(IcebergTables.rows(t)).containsExactlyInAnyOrder(
        Row.of(1L, "de", ts("2025-01-01T00:00:00Z"), null),
        Row.of(5_000_000_000L, "fr", ts("2025-01-02T00:00:00Z"), "Paris"));
    // A query without the new optional column still writes (nulls).
    try (Sink s = sink(V1, UUID.randomUUID(), Map.of())) {
      s.addBatch(0, batch(V1, Row.of(2, "it", ts("2025-01-03T00:00:00Z"))));
    }
    assertThat(IcebergTables.rows(t)).contains(Row.of(2L, "it", ts("2025-01-03T00:00:00Z"), null));
  }

  @Test
  void incompatibleSchemaChangesFailNamingTheColumn() throws Exception {
    try (Sink s = sink(V1, UUID.randomUUID(), Map.of())) {
      s.addBatch(0, batch(V1, Row.of(1, "de", ts("2025-01-01T00:00:00Z"))));
    }
    StructType newColumn = DataTypes.struct(field("id", DataTypes.INT, false), field("country", DataTypes.STRING),
        field("ts", DataTypes.TIMESTAMP), field("city", DataTypes.STRING));
    assertThatThrownBy(() -> sink(newColumn, UUID.randomUUID(), Map.of()))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("'city'").hasMessageContaining("mergeSchema");
    StructType narrowing = DataTypes.struct(field("id", DataTypes.INT, false), field("country", DataTypes.LONG),
        field("ts", DataTypes.TIMESTAMP));
    assertThatThrownBy(() -> sink(narrowing, UUID.randomUUID(), Map.of("mergeSchema", "true")))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("'country'")
        .hasMessageContaining("incompatible type change");
    StructType droppedRequired = DataTypes.struct(field("country", DataTypes.STRING), field("ts", DataTypes.TIMESTAMP));
    assertThatThrownBy(() -> sink(droppedRequired, UUID.randomUUID(), Map.of("mergeSchema", "true")))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("Required column 'id'");
    StructType wider = DataTypes.struct(field("id", DataTypes.LONG, false), field("country", DataTypes.STRING),
        field("ts", DataTypes.TIMESTAMP));
    assertThatThrownBy(() -> sink(wider, UUID.randomUUID(), Map.of()))
        .isInstanceOf(AnalysisException.class).hasMessageContaining("'id'").hasMessageContaining("narrow");
    assertThat(IcebergTables.load(table()).schema().columns()).hasSize(3);
  }

  @Test
  void partitionByTransformsPlaceEachRowInItsPartition() throws Exception {
    try (Sink s = sink(V1, UUID.randomUUID(), Map.of("partitionBy", "days(ts), country, bucket(4, id)"))) {
      s.addBatch(0, batch(V1,
          Row.of(1, "de", ts("2025-01-01T10:00:00Z")), Row.of(2, "de", ts("2025-01-01T11:00:00Z")),
          Row.of(3, "fr", ts("2025-01-01T12:00:00Z")), Row.of(4, "de", ts("2025-01-02T01:00:00Z"))));
    }
    Table t = IcebergTables.load(table());
    assertThat(t.spec().fields()).extracting(f -> f.transform().toString())
        .containsExactly("day", "identity", "bucket[4]");
    assertThat(IcebergTables.rows(t)).hasSize(4);
    Set<String> partitionsOfDe = new HashSet<>();
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file()));
    }
    for (DataFile f : files) {
      assertThat(f.recordCount()).isPositive();
      if ("de".equals(f.partition().get(1, String.class))) {
        partitionsOfDe.add(f.partition().get(0, Integer.class) + "/" + f.partition().get(2, Integer.class));
      }
    }
    assertThat(partitionsOfDe).hasSizeGreaterThanOrEqualTo(2);
    // Reading with a partition filter prunes files: only the files of day 2025-01-02 match.
    List<Row> day2 = session.read().format("iceberg").load(table()).collectAsList().stream()
        .filter(r -> r.getTimestamp(2).isAfter(ts("2025-01-02T00:00:00Z"))).toList();
    assertThat(day2).containsExactly(Row.of(4, "de", ts("2025-01-02T01:00:00Z")));
    assertThatThrownBy(() -> sink(V1, UUID.randomUUID(), Map.of("path", dir.resolve("x").toString(),
        "partitionBy", "days(nope)"))).isInstanceOf(AnalysisException.class).hasMessageContaining("'nope'");
  }

  @Test
  void jdbcCatalogOnSqliteCreatesAndWritesDbTableIdentifiers() throws Exception {
    String warehouse = dir.resolve("warehouse").toString();
    Map<String, String> opts = Map.of("path", "sales.orders", "iceberg.catalog", "jdbc",
        "iceberg.catalog.warehouse", warehouse);
    UUID q = UUID.randomUUID();
    try (Sink s = sink(V1, q, opts)) {
      s.addBatch(0, batch(V1, Row.of(1, "de", ts("2025-01-01T00:00:00Z"))));
      s.addBatch(1, batch(V1, Row.of(2, "fr", ts("2025-01-01T00:00:00Z"))));
      s.addBatch(1, batch(V1, Row.of(2, "fr", ts("2025-01-01T00:00:00Z"))));
    }
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("sluice", Map.of("uri", "jdbc:sqlite:" + warehouse + "/sluice-catalog.db",
        "warehouse", warehouse));
    try {
      Table t = catalog.loadTable(TableIdentifier.of("sales", "orders"));
      assertThat(IcebergTables.rows(t)).containsExactlyInAnyOrder(
          Row.of(1, "de", ts("2025-01-01T00:00:00Z")), Row.of(2, "fr", ts("2025-01-01T00:00:00Z")));
      assertThat(IcebergTables.markers(t)).containsExactly(IcebergTables.marker(q, 0), IcebergTables.marker(q, 1));
    } finally {
      catalog.close();
    }
    var reader = session.read().format("iceberg");
    opts.forEach(reader::option);
    assertThat(reader.load().collectAsList()).hasSize(2);
    assertThatThrownBy(() -> sink(V1, q, Map.of("path", "orders", "iceberg.catalog", "jdbc",
        "iceberg.catalog.warehouse", warehouse))).isInstanceOf(AnalysisException.class).hasMessageContaining("db.table");
  }

  @Test
  void maintenanceCompactsSmallFilesAndExpiresSnapshotsButKeepsDataAndBatchMarkers() throws Exception {
    UUID q = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    List<Row> expected = new ArrayList<>();
    // Maintenance every 4 batches, expiring everything it may.
    Map<String, String> opts = Map.of("maintenance.everyBatches", "4", "maintenance.expireAfter", "PT0S",
        "maintenance.retainLast", "1", "maintenance.compactMinFiles", "3");
    try (Sink s = sink(V1, q, opts)) {
      for (int b = 0; b < 8; b++) {
        Row r = Row.of(b, "de", ts("2025-01-01T00:00:00Z"));
        expected.add(r);
        s.addBatch(b, batch(V1, r));
      }
    }
    Table t = IcebergTables.load(table());
    assertThat(IcebergTables.rows(t)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(liveDataFiles(t)).isLessThan(8);
    assertThat(IcebergTables.snapshotCount(t)).isLessThanOrEqualTo(3);
    assertThat(BatchMarkers.lastCommittedBatch(t, q)).isEqualTo(7);
    assertThat(BatchMarkers.latestMarkerSnapshot(t, q)).isNotNull();

    // Another query's maintenance expires this query's marker snapshot: the table property keeps it.
    try (Sink s = sink(V1, other, opts)) {
      for (int b = 0; b < 4; b++) {
        s.addBatch(b, batch(V1, Row.of(100 + b, "fr", ts("2025-01-01T00:00:00Z"))));
        expected.add(Row.of(100 + b, "fr", ts("2025-01-01T00:00:00Z")));
      }
    }
    t.refresh();
    assertThat(BatchMarkers.latestMarkerSnapshot(t, q)).isNull();
    assertThat(BatchMarkers.lastCommittedBatch(t, q)).isEqualTo(7);
    try (Sink replay = sink(V1, q, opts)) {
      replay.addBatch(7, batch(V1, Row.of(7, "de", ts("2025-01-01T00:00:00Z"))));
      assertThat(replay.metrics()).containsEntry("skippedBatches", "1");
    }
    assertThat(IcebergTables.rows(table())).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static int liveDataFiles(Table t) {
    int n = 0;
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      for (FileScanTask ignored : tasks) {
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }

  @Test
  void expiryKeepsTheChainBackToThisQuerysLatestMarker() throws Exception {
    UUID q = UUID.randomUUID();
    try (Sink s = sink(V1, q, Map.of())) {
      s.addBatch(0, batch(V1, Row.of(1, "de", ts("2025-01-01T00:00:00Z"))));
    }
    try (Sink s = sink(V1, UUID.randomUUID(), Map.of())) {
      for (int b = 0; b < 3; b++) {
        s.addBatch(b, batch(V1, Row.of(10 + b, "fr", ts("2025-01-01T00:00:00Z"))));
      }
    }
    Table t = IcebergTables.load(table());
    new TableMaintenance(t, q, new ConnectorOptions(Map.of("maintenance.expireAfter", "PT0S",
        "maintenance.retainLast", "1"))).expire();
    t.refresh();
    assertThat(IcebergTables.history(t)).hasSize(4);
    assertThat(BatchMarkers.latestMarkerSnapshot(t, q)).isNotNull();
  }

  @Test
  void manifestRewriteMergesTheOneManifestPerAppendThatFastAppendsLeave() throws Exception {
    UUID q = UUID.randomUUID();
    List<Row> expected = new ArrayList<>();
    try (Sink s = sink(V1, q, Map.of())) {
      for (int b = 0; b < 25; b++) {
        Row r = Row.of(b, "de", ts("2025-01-01T00:00:00Z"));
        expected.add(r);
        s.addBatch(b, batch(V1, r));
      }
    }
    Table t = IcebergTables.load(table());
    assertThat(t.currentSnapshot().dataManifests(t.io())).hasSize(25);
    TableMaintenance m = new TableMaintenance(t, q, new ConnectorOptions(Map.of()));
    assertThat(m.rewriteManifests()).isTrue();
    t.refresh();
    assertThat(t.currentSnapshot().dataManifests(t.io()).size()).isLessThan(5);
    assertThat(IcebergTables.rows(t)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(BatchMarkers.lastCommittedBatch(t, q)).isEqualTo(24);
  }
}
