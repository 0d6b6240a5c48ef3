package io.sluice.engine.internal.connectors;

import io.sluice.api.connector.InputPartition;
import io.sluice.api.connector.Offset;
import io.sluice.api.connector.PartitionReader;
import io.sluice.api.connector.ReadLimit;
import io.sluice.api.connector.Source;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The streaming source of a memory stream. Offset = number of chunks added so far
 * ({@code {"chunks":N}}); batch {@code (a, b]} reads chunks {@code a .. b-1}, one partition each.
 */
final class MemoryStreamSource implements Source {
  static final String FIELD = "chunks";

  private final MemoryStreamData data;
  private final Long maxRowsPerTrigger;
  private volatile long pinnedEnd = Long.MAX_VALUE;

  MemoryStreamSource(MemoryStreamData data, Long maxRowsPerTrigger) {
    this.data = data;
    this.maxRowsPerTrigger = maxRowsPerTrigger;
  }

  /** Chunks added after this call wait for the next run. */
  @Override
  public void prepareForAvailableNow() {
    pinnedEnd = data.numChunks();
  }

  @Override
  public ReadLimit defaultReadLimit() {
    return maxRowsPerTrigger == null ? ReadLimit.allAvailable() : new ReadLimit.MaxRows(maxRowsPerTrigger);
  }

  /**
   * One chunk of the stream.
   *
   * @param streamId the stream, for descriptions
   * @param chunk the 0-based chunk index
   */
  record ChunkPartition(String streamId, long chunk) implements InputPartition {
    @Override
    public String describe() {
      return "MemoryStream[" + streamId + "] chunk " + chunk;
    }
  }

  @Override
  public StructType schema() {
    return data.schema();
  }

  @Override
  public Offset initialOffset() {
    return new CountOffset(FIELD, 0);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A {@link ReadLimit.MaxRows} limit is applied by whole chunks, and at least one chunk is
   * read when any is new, so a chunk larger than the limit is not stuck forever.
   */
  @Override
  public Offset latestOffset(Offset start, ReadLimit limit) {
    long from = CountOffset.countOf(FIELD, start);
    long available = Math.min(data.numChunks(), pinnedEnd);
    long maxRows = ReadLimits.maxRows(limit);
    long end = available;
    if (maxRows != Long.MAX_VALUE && available > from) {
      end = from + 1;
      long rows = data.chunkRows(from);
      while (end < available) {
        rows += data.chunkRows(end);
        if (rows > maxRows) {
          break;
        }
        end++;
      }
    }
    return new CountOffset(FIELD, Math.max(from, end));
  }

  @Override
  public List<InputPartition> planInputPartitions(Offset start, Offset end) {
    long from = CountOffset.countOf(FIELD, start);
    long to = CountOffset.countOf(FIELD, end);
    if (to > data.numChunks()) {
      throw new IllegalArgumentException(data + " has " + data.numChunks()
          + " chunks, but the batch ends at " + to
          + ": a memory stream does not survive a restart of the JVM");
    }
    List<InputPartition> out = new ArrayList<>();
    for (long c = from; c < to; c++) {
      out.add(new ChunkPartition(data.id(), c));
    }
    return out;
  }

  @Override
  public PartitionReader createReader(InputPartition partition) {
    Iterator<ColumnBatch> it = data.chunk(((ChunkPartition) partition).chunk()).iterator();
    return () -> it.hasNext() ? it.next() : null;
  }

  @Override
  public Offset deserializeOffset(String json) {
    return CountOffset.parse(FIELD, json);
  }

  @Override
  public String description() {
    return data.toString();
  }
}
