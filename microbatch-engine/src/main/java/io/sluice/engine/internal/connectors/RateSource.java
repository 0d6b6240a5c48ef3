package io.sluice.engine.internal.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.AnalysisException;
import io.sluice.api.CheckpointException;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.InputPartition;
import io.sluice.api.connector.Offset;
import io.sluice.api.connector.PartitionReader;
import io.sluice.api.connector.ReadLimit;
import io.sluice.api.connector.Source;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.checkpoint.AtomicFiles;
import io.sluice.engine.connectors.BuiltinConnectorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates rows at a fixed rate. Row {@code i} (0-based) has {@code value = i} and {@code timestamp
 * = start + floor(i * 1000 / rowsPerSecond)} milliseconds, so the rows of an offset range are a pure
 * function of the range and the start timestamp: a replayed batch gets identical rows.
 *
 * <p>Offset = the number of rows made available ({@code {"rows":N}}): at wall-clock time
 * {@code now}, {@code floor((now - start) * rowsPerSecond / 1000)}, at most {@code totalRows}.
 * Batch {@code (a, b]} holds rows {@code a .. b-1}, split into up to {@code numPartitions}
 * contiguous ranges, each generated straight into vectors.
 */
final class RateSource implements Source {
  static final String FIELD = "rows";
  static final String START_FILE = "rate-start";
  static final StructType SCHEMA = DataTypes.struct(
      DataTypes.field("timestamp", DataTypes.TIMESTAMP, false),
      DataTypes.field("value", DataTypes.LONG, false));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Config config;
  private final long startMs;
  private final Clock clock;
  private volatile long pinnedEnd = Long.MAX_VALUE;

  /**
   * The source's options, parsed.
   *
   * @param rowsPerSecond rows per second, positive
   * @param numPartitions partitions per batch, positive
   * @param totalRows the last row count, or {@link Long#MAX_VALUE} for unbounded
   * @param startTimestamp the start from the options, or null
   * @param maxRowsPerTrigger the per-batch row limit, or null
   */
  record Config(long rowsPerSecond, int numPartitions, long totalRows, Long startTimestamp, Long maxRowsPerTrigger) {
    static Config from(ConnectorOptions options) {
      Long total = options.get(BuiltinConnectorOptions.TOTAL_ROWS);
      return new Config(
          options.get(BuiltinConnectorOptions.ROWS_PER_SECOND),
          options.get(BuiltinConnectorOptions.NUM_PARTITIONS),
          total == null ? Long.MAX_VALUE : total,
          options.get(BuiltinConnectorOptions.START_TIMESTAMP),
          options.get(BuiltinConnectorOptions.MAX_ROWS_PER_TRIGGER));
    }
  }

  /**
   * Rows {@code [fromRow, untilRow)} of a rate stream.
   *
   * @param fromRow the first row
   * @param untilRow the row after the last
   * @param startMs the timestamp of row 0, epoch ms
   * @param rowsPerSecond the rate
   */
  record RatePartition(long fromRow, long untilRow, long startMs, long rowsPerSecond)
      implements InputPartition {
    @Override
    public String describe() {
      return "rate rows [" + fromRow + ", " + untilRow + ")";
    }
  }

  RateSource(Config config, long startMs, Clock clock) {
    this.config = config;
    this.startMs = startMs;
    this.clock = clock;
  }

  /**
   * The timestamp of row 0: the one this checkpoint started with, else the option, else now. The
   * chosen value is written to {@code metadataDir/rate-start} on the first start, so a restarted
   * query regenerates exactly the rows it generated before.
   *
   * @param metadataDir the source's checkpoint directory, or null (nothing is persisted)
   * @param option the {@code startTimestamp} option, or null
   * @param clock the clock for the default
   * @return epoch milliseconds
   * @throws AnalysisException if the option contradicts the persisted start
   * @throws CheckpointException if the file cannot be read or written
   */
  static long resolveStartTimestamp(Path metadataDir, Long option, Clock clock) {
    if (metadataDir == null) {
      return option != null ? option : clock.millis();
    }
    Path file = metadataDir.resolve(START_FILE);
    if (!Files.exists(file)) {
      long start = option != null ? option : clock.millis();
      String text = "v1\n{\"startTimestampMs\":" + start + "}\n";
      try {
        AtomicFiles.writeNew(file, text.getBytes(StandardCharsets.UTF_8));
        return start;
      } catch (FileAlreadyExistsException e) {
        // Another instance wrote it first: use its value, below.
      } catch (IOException e) {
        throw new CheckpointException("Cannot write the rate source's start timestamp to " + file
            + ": " + e.getMessage(), e);
      }
    }
    long stored = readStart(file);
    if (option != null && option != stored) {
      throw new AnalysisException("Option 'startTimestamp' is " + option + " but this checkpoint's "
          + "rate source started at " + stored + " (" + file + "); changing it would change rows "
          + "already processed. Drop the option or use a new checkpointLocation.");
    }
    return stored;
  }

  private static long readStart(Path file) {
    String text = new String(AtomicFiles.read(file), StandardCharsets.UTF_8);
    try {
      String[] lines = text.split("\n", 2);
      if (!lines[0].trim().equals("v1") || lines.length < 2) {
        throw new IllegalArgumentException("expected a 'v1' line first");
      }
      JsonNode node = JSON.readTree(lines[1]).get("startTimestampMs");
      if (node == null || !node.canConvertToLong()) {
        throw new IllegalArgumentException("no startTimestampMs");
      }
      return node.asLong();
    } catch (IOException | IllegalArgumentException e) {
      throw new CheckpointException("Corrupt rate source start file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public StructType schema() {
    return SCHEMA;
  }

  @Override
  public Offset initialOffset() {
    return new CountOffset(FIELD, 0);
  }

  @Override
  public ReadLimit defaultReadLimit() {
    return config.maxRowsPerTrigger() == null
        ? ReadLimit.allAvailable() : new ReadLimit.MaxRows(config.maxRowsPerTrigger());
  }

  @Override
  public Offset latestOffset(Offset start, ReadLimit limit) {
    long from = CountOffset.countOf(FIELD, start);
    long end = Math.min(Math.min(rowsDue(clock.millis()), config.totalRows()), pinnedEnd);
    end = Math.max(from, end);
    long maxRows = ReadLimits.maxRows(limit);
    if (maxRows != Long.MAX_VALUE && end - from > maxRows) {
      end = from + maxRows;
    }
    return new CountOffset(FIELD, end);
  }

  /**
   * Pins the end of an available-now run at the rows due now (at most {@code totalRows}). Rows are
   * paced by the clock even with {@code totalRows} set: available-now reads what is due, not more.
   * To get all {@code totalRows} at once (a benchmark), set {@code startTimestamp} far enough in
   * the past, e.g. {@code 0}.
   */
  @Override
  public void prepareForAvailableNow() {
    pinnedEnd = Math.min(rowsDue(clock.millis()), config.totalRows());
  }

  /**
   * The rows due at a time.
   *
   * @param nowMs epoch milliseconds
   * @return {@code floor((now - start) * rowsPerSecond / 1000)}, 0 before the start
   */
  long rowsDue(long nowMs) {
    return nowMs <= startMs ? 0 : mulDiv(nowMs - startMs, config.rowsPerSecond(), 1000);
  }

  @Override
  public List<InputPartition> planInputPartitions(Offset start, Offset end) {
    long from = CountOffset.countOf(FIELD, start);
    long to = CountOffset.countOf(FIELD, end);
    long n = to - from;
    List<InputPartition> out = new ArrayList<>();
    if (n <= 0) {
      return out;
    }
    int parts = (int) Math.min(config.numPartitions(), n);
    for (int k = 0; k < parts; k++) {
      out.add(new RatePartition(from + mulDiv(n, k, parts), from + mulDiv(n, k + 1, parts),
          startMs, config.rowsPerSecond()));
    }
    return out;
  }

  @Override
  public PartitionReader createReader(InputPartition partition) {
    RatePartition p = (RatePartition) partition;
    return new PartitionReader() {
      private long next = p.fromRow();

      @Override
      public ColumnBatch next() {
        if (next >= p.untilRow()) {
          return null;
        }
        int n = (int) Math.min(ColumnBatch.DEFAULT_ROWS, p.untilRow() - next);
        LongVector timestamps = new LongVector(DataTypes.TIMESTAMP, n);
        LongVector values = new LongVector(DataTypes.LONG, n);
        for (int k = 0; k < n; k++) {
          long row = next + k;
          timestamps.append((p.startMs() + mulDiv(row, 1000, p.rowsPerSecond())) * 1000L);
          values.append(row);
        }
        next += n;
        return new ColumnBatch(SCHEMA, new ColumnVector[] {timestamps, values}, n);
      }

      @Override
      public void close() {}
    };
  }

  /**
   * {@code floor(a * b / c)} for non-negative values, without overflowing on the product;
   * saturates at {@link Long#MAX_VALUE}.
   */
  static long mulDiv(long a, long b, long c) {
    try {
      return Math.addExact(Math.multiplyExact(a / c, b), Math.multiplyExact(a % c, b) / c);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public Offset deserializeOffset(String json) {
    return CountOffset.parse(FIELD, json);
  }

  @Override
  public String description() {
    return "RateSource[rowsPerSecond=" + config.rowsPerSecond() + ", numPartitions="
        + config.numPartitions()
        + (config.totalRows() == Long.MAX_VALUE ? "" : ", totalRows=" + config.totalRows()) + "]";
  }
}
