package io.sluice.engine.connectors;

import io.sluice.api.ConfigOption;
import java.util.List;

/**
 * Options of the built-in connectors: the {@code memory} source ({@link MemoryStream}), the
 * {@code rate} source, the {@code console} sink and the {@code memory} sink ({@link MemorySink}).
 * Keys are Spark's option names and are matched case-insensitively. An option a connector does not
 * know fails {@code load()} / {@code start()} with an {@link io.sluice.api.AnalysisException}
 * listing the known ones; an invalid value fails with one naming the option.
 */
public final class BuiltinConnectorOptions {
  private BuiltinConnectorOptions() {}

  // ---- memory source ----

  /**
   * {@code memory} source: the {@link MemoryStream#id()} of the stream to read. Set by
   * {@link MemoryStream#toDF()}; required.
   */
  public static final ConfigOption<String> MEMORY_STREAM_ID = ConfigOption.stringOption("id", null,
      "memory source: the id of the MemoryStream to read (set by MemoryStream.toDF()); required")
      .withValidator(s -> !s.isEmpty(), "a non-empty MemoryStream id");

  // ---- rate source ----

  /** {@code rate} source: rows generated per second of wall-clock time. */
  public static final ConfigOption<Long> ROWS_PER_SECOND = ConfigOption.longOption("rowsPerSecond", 1L,
      "rate source: how many rows to generate per second").withValidator(v -> v > 0, "a positive number");

  /** {@code rate} source: how many partitions (parallel tasks) each batch's rows are split into. */
  public static final ConfigOption<Integer> NUM_PARTITIONS = ConfigOption.intOption("numPartitions",
      Runtime.getRuntime().availableProcessors(),
      "rate source: the number of partitions each batch's rows are split into "
          + "(default: the number of available processors)")
      .withValidator(v -> v > 0, "a positive number");

  /**
   * {@code rate} source: the stream ends after this many rows (unset: unbounded), so an
   * available-now run over rows already due terminates with a known count.
   */
  public static final ConfigOption<Long> TOTAL_ROWS = ConfigOption.longOption("totalRows", null,
      "rate source: stop generating after this many rows (default: never)")
      .withValidator(v -> v >= 0, "a non-negative number");

  /**
   * {@code rate} source: the timestamp of row 0, in epoch milliseconds. By default the wall-clock
   * time at which the query first started, persisted in the checkpoint so that a restarted query
   * generates the same rows for the same offsets.
   */
  public static final ConfigOption<Long> START_TIMESTAMP = ConfigOption.longOption("startTimestamp", null,
      "rate source: epoch milliseconds of row 0 (default: when the query first started, kept in "
          + "the checkpoint)")
      .withValidator(v -> v >= 0, "a non-negative epoch-millisecond timestamp");

  // ---- both sources ----

  /**
   * {@code memory} and {@code rate} sources: the most rows one batch reads (unset: all available).
   * The memory source applies it by whole chunks, reading at least one chunk per batch.
   */
  public static final ConfigOption<Long> MAX_ROWS_PER_TRIGGER = ConfigOption.longOption(
      "maxRowsPerTrigger", null,
      "memory and rate sources: the most rows one batch reads (default: everything available)")
      .withValidator(v -> v > 0, "a positive number");

  // ---- console sink ----

  /** {@code console} sink: how many rows of each batch to print. */
  public static final ConfigOption<Integer> NUM_ROWS = ConfigOption.intOption("numRows", 20,
      "console sink: how many rows of each batch to print").withValidator(v -> v > 0, "a positive number");

  /**
   * {@code console} sink: cut cells longer than 20 characters to 17 characters plus {@code ...}
   * and right-align the cells (as Spark's {@code show()}); {@code false} prints whole cells,
   * left-aligned.
   */
  public static final ConfigOption<Boolean> TRUNCATE = ConfigOption.booleanOption("truncate", true,
      "console sink: cut cells longer than 20 characters (and right-align cells, as Spark does)");

  /** @return the options of the {@code memory} source */
  public static List<ConfigOption<?>> memorySourceOptions() {
    return List.of(MEMORY_STREAM_ID, MAX_ROWS_PER_TRIGGER);
  }

  /** @return the options of the {@code rate} source */
  public static List<ConfigOption<?>> rateSourceOptions() {
    return List.of(ROWS_PER_SECOND, NUM_PARTITIONS, TOTAL_ROWS, START_TIMESTAMP, MAX_ROWS_PER_TRIGGER);
  }

  /** @return the options of the {@code console} sink */
  public static List<ConfigOption<?>> consoleSinkOptions() {
    return List.of(NUM_ROWS, TRUNCATE);
  }

  /** @return the options of the {@code memory} sink (none: the table is the query name) */
  public static List<ConfigOption<?>> memorySinkOptions() {
    return List.of();
  }
}
