package io.sluice.lakehouse;

import io.sluice.api.ConfigOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Options of the {@code iceberg} format: the table sink ({@code writeStream().format("iceberg")}),
 * the streaming source ({@code readStream().format("iceberg")}) and the batch read
 * ({@code read().format("iceberg")}). Keys are matched case-insensitively; an unknown key fails
 * {@code load()} / {@code start()} with an {@link io.sluice.api.AnalysisException} listing the known
 * ones, except keys under the pass-through prefixes {@link #CATALOG_PREFIX},
 * {@link #HADOOP_PREFIX} and {@link #TABLE_PROPERTY_PREFIX}.
 *
 * <p>The table is named by {@code start(..)} / {@code load(..)} (option {@code path}): a directory
 * for a path-based table (the default, {@code iceberg.catalog=hadoop}), or {@code db.table} when
 * {@code iceberg.catalog=jdbc}.
 */
public final class LakehouseOptions {
  private LakehouseOptions() {}

  /** The format name. */
  public static final String FORMAT = "iceberg";

  // ---------------------------------------------------------------- catalog (sink and source)

  /**
   * Which catalog names the table: {@code hadoop} (default; {@code path} is a directory, a
   * path-based table for its one writer) or {@code jdbc} (Iceberg's JDBC catalog; {@code path} is
   * {@code namespace.table}).
   */
  public static final ConfigOption<String> CATALOG = ConfigOption.stringOption("iceberg.catalog", "hadoop",
      "which catalog names the table: 'hadoop' (path-based table, default) or 'jdbc' (path is db.table)")
      .withValidator(v -> Set.of("hadoop", "jdbc").contains(v.toLowerCase(Locale.ROOT)), "'hadoop' or 'jdbc'");

  /**
   * JDBC catalog: the JDBC URL of the catalog database, e.g.
   * {@code jdbc:postgresql://db:5432/iceberg}; default: a SQLite file
   * {@code <warehouse>/sluice-catalog.db} (embedded use).
   */
  public static final ConfigOption<String> CATALOG_URI = ConfigOption.stringOption("iceberg.catalog.uri", null,
      "jdbc catalog: JDBC URL of the catalog database (default: SQLite file <warehouse>/sluice-catalog.db)");

  /** JDBC catalog: the directory (or URI) under which new tables are created; required for jdbc. */
  public static final ConfigOption<String> CATALOG_WAREHOUSE = ConfigOption.stringOption(
      "iceberg.catalog.warehouse", null, "jdbc catalog: where new tables' files go; required for jdbc");

  /** JDBC catalog: the catalog's name (a catalog database can hold several). */
  public static final ConfigOption<String> CATALOG_NAME = ConfigOption.stringOption("iceberg.catalog.name",
      "sluice", "jdbc catalog: the catalog name inside the catalog database");

  /**
   * Every option {@code iceberg.catalog.<key>} is passed to the catalog as property {@code <key>}
   * (e.g. {@code iceberg.catalog.jdbc.user}, {@code iceberg.catalog.jdbc.password}).
   */
  public static final String CATALOG_PREFIX = "iceberg.catalog.";

  /** Every option {@code iceberg.hadoop.<key>} is set as {@code <key>} in the Hadoop configuration. */
  public static final String HADOOP_PREFIX = "iceberg.hadoop.";

  /** Every option {@code iceberg.table.<key>} becomes table property {@code <key>} when the sink creates the table. */
  public static final String TABLE_PROPERTY_PREFIX = "iceberg.table.";

  // ---------------------------------------------------------------- sink

  /**
   * Sink: partition transforms for a table the sink creates, comma-separated:
   * {@code col} (identity), {@code days(ts)}, {@code hours(ts)}, {@code months(ts)},
   * {@code years(ts)}, {@code bucket(n, col)}, {@code truncate(w, col)}. Ignored for an existing
   * table (its spec wins).
   */
  public static final ConfigOption<String> PARTITION_BY = ConfigOption.stringOption("partitionBy", null,
      "sink: partition transforms of a new table, e.g. 'days(ts),country,bucket(16,id)'");

  /** Sink: data file format of a table the sink creates: {@code parquet} (default, zstd) or {@code avro}. */
  public static final ConfigOption<String> WRITE_FORMAT = ConfigOption.stringOption("write.format", "parquet",
      "sink: data file format of a new table: 'parquet' (zstd, default) or 'avro'")
      .withValidator(v -> Set.of("parquet", "avro").contains(v.toLowerCase(Locale.ROOT)), "'parquet' or 'avro'");

  /** Sink: the size at which a data file is closed and the next one started (bytes). */
  public static final ConfigOption<Long> TARGET_FILE_SIZE = ConfigOption.longOption("targetFileSizeBytes",
      128L * 1024 * 1024, "sink: roll to a new data file at this size (bytes); also compaction's target")
      .withValidator(v -> v > 0, "a positive number of bytes");

  /**
   * Sink: add the query's new columns to the table (as nullable columns) and widen int columns to
   * bigint where the query's type is wider. Without it, a column missing from the table fails the
   * start.
   */
  public static final ConfigOption<Boolean> MERGE_SCHEMA = ConfigOption.booleanOption("mergeSchema", false,
      "sink: add new query columns to the table (nullable) and widen int to bigint");

  /**
   * Sink, update mode: the key columns whose latest row the table keeps (comma-separated). Used
   * when the engine does not pass the aggregation's grouping columns; {@link #UPSERT_KEYS} is a
   * synonym.
   */
  public static final ConfigOption<String> KEY_COLUMNS = ConfigOption.stringOption("keyColumns", null,
      "sink, update mode: key columns of the upsert, comma-separated (default: the query's grouping columns)");

  /** Synonym of {@link #KEY_COLUMNS}. */
  public static final ConfigOption<String> UPSERT_KEYS = ConfigOption.stringOption("upsertKeys", null,
      "sink, update mode: synonym of keyColumns");

  /** Sink: how many threads write a batch's partitions in parallel (default: available processors). */
  public static final ConfigOption<Integer> WRITE_THREADS = ConfigOption.intOption("writeThreads",
      Runtime.getRuntime().availableProcessors(),
      "sink: threads writing a batch's partitions in parallel (default: available processors)")
      .withValidator(v -> v > 0, "a positive number");

  // ---------------------------------------------------------------- maintenance (sink)

  /**
   * Sink: run table maintenance (snapshot expiry, then compaction) after every N-th committed
   * batch; 0 turns it off.
   */
  public static final ConfigOption<Integer> MAINTENANCE_EVERY = ConfigOption.intOption(
      "maintenance.everyBatches", 50, "sink: run maintenance after every N committed batches (0: never)")
      .withValidator(v -> v >= 0, "a non-negative number");

  /** Maintenance: expire snapshots older than this (they stay readable by time travel until then). */
  public static final ConfigOption<Duration> MAINTENANCE_EXPIRE_AFTER = ConfigOption.durationOption(
      "maintenance.expireAfter", Duration.ofHours(1),
      "maintenance: expire snapshots older than this (e.g. '1 hour', 'PT10M'); 0 expires all allowed")
      .withValidator(d -> !d.isNegative(), "a non-negative duration");

  /**
   * Maintenance: always keep at least this many recent snapshots; the chain back to the snapshot
   * holding this query's latest batch marker is kept whatever this says.
   */
  public static final ConfigOption<Integer> MAINTENANCE_RETAIN_LAST = ConfigOption.intOption(
      "maintenance.retainLast", 10, "maintenance: keep at least this many recent snapshots")
      .withValidator(v -> v >= 1, "a positive number");

  /** Maintenance: compact small data files and apply equality deletes ({@code RewriteFiles}). */
  public static final ConfigOption<Boolean> MAINTENANCE_COMPACT = ConfigOption.booleanOption(
      "maintenance.compact", true, "maintenance: rewrite small files and apply equality deletes");

  /**
   * Maintenance: a partition is compacted when it has at least this many small files (smaller than
   * 3/4 of the target size), or any delete file.
   */
  public static final ConfigOption<Integer> MAINTENANCE_COMPACT_MIN_FILES = ConfigOption.intOption(
      "maintenance.compactMinFiles", 5,
      "maintenance: compact a partition with at least this many small files (or any delete file)")
      .withValidator(v -> v >= 2, "a number >= 2");

  // ---------------------------------------------------------------- source

  /**
   * Source: where a new query starts: {@code earliest} (default: everything the table holds, then
   * each append) or {@code latest} (only appends after the query starts). Overridden by
   * {@link #STARTING_SNAPSHOT_ID} and {@link #STARTING_TIMESTAMP}.
   */
  public static final ConfigOption<String> STARTING_OFFSETS = ConfigOption.stringOption("startingOffsets",
      "earliest", "source: 'earliest' (default) or 'latest'")
      .withValidator(v -> Set.of("earliest", "latest").contains(v.toLowerCase(Locale.ROOT)),
          "'earliest' or 'latest'");

  /** Source: start with the rows appended by this snapshot (inclusive) and continue from there. */
  public static final ConfigOption<Long> STARTING_SNAPSHOT_ID = ConfigOption.longOption("startingSnapshotId",
      null, "source: start with the rows appended by this snapshot (inclusive)");

  /**
   * Source: start with the first snapshot committed at or after this time: epoch milliseconds or an
   * ISO-8601 instant ({@code 2025-01-01T00:00:00Z}).
   */
  public static final ConfigOption<String> STARTING_TIMESTAMP = ConfigOption.stringOption("startingTimestamp",
      null, "source: start with the first snapshot committed at/after this time (epoch ms or ISO-8601)");

  /** Source: the most data files one batch reads (whole snapshots; at least one snapshot). */
  public static final ConfigOption<Integer> MAX_FILES_PER_TRIGGER = ConfigOption.intOption(
      "maxFilesPerTrigger", null, "source: most data files per batch (whole snapshots, at least one)")
      .withValidator(v -> v > 0, "a positive number");

  /** Source: the most snapshots one batch reads. */
  public static final ConfigOption<Integer> MAX_SNAPSHOTS_PER_TRIGGER = ConfigOption.intOption(
      "maxSnapshotsPerTrigger", null, "source: most snapshots per batch")
      .withValidator(v -> v > 0, "a positive number");

  /**
   * Source: skip snapshots that are not appends (overwrite, delete) instead of failing the query.
   * Their changes are not streamed; rows they add are not read.
   */
  public static final ConfigOption<Boolean> SKIP_OVERWRITES = ConfigOption.booleanOption("skipOverwrites",
      false, "source: skip overwrite/delete snapshots instead of failing the query");

  /** Batch read: read the table as of this snapshot (time travel). */
  public static final ConfigOption<Long> SNAPSHOT_ID = ConfigOption.longOption("snapshotId", null,
      "batch read: read the table as of this snapshot id");

  /** @return the options the sink reads (besides the pass-through prefixes) */
  public static List<ConfigOption<?>> sinkOptions() {
    return List.of(CATALOG, CATALOG_URI, CATALOG_WAREHOUSE, CATALOG_NAME, PARTITION_BY, WRITE_FORMAT,
        TARGET_FILE_SIZE, MERGE_SCHEMA, KEY_COLUMNS, UPSERT_KEYS, WRITE_THREADS, MAINTENANCE_EVERY,
        MAINTENANCE_EXPIRE_AFTER, MAINTENANCE_RETAIN_LAST, MAINTENANCE_COMPACT, MAINTENANCE_COMPACT_MIN_FILES);
  }

  /** @return the options the streaming source and the batch read use (besides the prefixes) */
  public static List<ConfigOption<?>> sourceOptions() {
    return List.of(CATALOG, CATALOG_URI, CATALOG_WAREHOUSE, CATALOG_NAME, STARTING_OFFSETS,
        STARTING_SNAPSHOT_ID, STARTING_TIMESTAMP, MAX_FILES_PER_TRIGGER, MAX_SNAPSHOTS_PER_TRIGGER,
        SKIP_OVERWRITES, SNAPSHOT_ID);
  }

  /** @return the pass-through prefixes */
  public static Set<String> prefixes() {
    return Set.of(CATALOG_PREFIX, HADOOP_PREFIX, TABLE_PROPERTY_PREFIX);
  }
}
