package io.sluice.engine.internal.connectors;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chunks of one memory stream, and the process-wide registry that the {@code memory} source
 * finds them in by id. A chunk is what one {@code addData} call appended; chunks are never changed
 * once added, so a replayed batch reads exactly the same rows. Thread-safe: the user appends while
 * the query's driver and task threads read.
 */
public final class MemoryStreamData {
  private static final Map<String, MemoryStreamData> REGISTRY = new ConcurrentHashMap<>();
  private static final AtomicLong NEXT_ID = new AtomicLong();

  private final String id;
  private final StructType schema;
  private final List<List<ColumnBatch>> chunks = new ArrayList<>();
  private volatile boolean closed;

  private MemoryStreamData(String id, StructType schema) {
    this.id = id;
    this.schema = schema;
  }

  /**
   * Creates and registers a stream under a new id.
   *
   * @param schema the schema of its rows
   * @return the stream
   */
  public static MemoryStreamData register(StructType schema) {
    MemoryStreamData d = new MemoryStreamData("memstream-" + NEXT_ID.getAndIncrement(), schema);
    REGISTRY.put(d.id, d);
    return d;
  }

  /**
   * Finds a registered stream.
   *
   * @param id the id
   * @return the stream
   * @throws AnalysisException if no open stream has that id
   */
  public static MemoryStreamData lookup(String id) {
    MemoryStreamData d = REGISTRY.get(id);
    if (d == null) {
      throw new AnalysisException("No MemoryStream with id '" + id + "' (it was closed, or never "
          + "created in this JVM). Open streams: " + new TreeSet<>(REGISTRY.keySet())
          + ". Create one with MemoryStream.create(session, schema) and read it with toDF().");
    }
    return d;
  }

  /** @return the id */
  public String id() {
    return id;
  }

  /** @return the schema */
  public StructType schema() {
    return schema;
  }

  /**
   * Appends a chunk.
   *
   * @param batches the chunk's rows, in order; not modified afterwards
   * @return the number of chunks after this one, i.e. the new offset
   * @throws IllegalStateException if the stream was closed
   */
  public synchronized long append(List<ColumnBatch> batches) {
    if (closed) {
      throw new IllegalStateException("MemoryStream " + id + " is closed");
    }
    chunks.add(List.copyOf(batches));
    return chunks.size();
  }

  /** @return the number of chunks added so far */
  public synchronized long numChunks() {
    return chunks.size();
  }

  /**
   * The rows of chunk {@code index} (0-based).
   *
   * @param index the chunk index
   * @return its batches
   * @throws IllegalArgumentException if no such chunk was added
   */
  public synchronized List<ColumnBatch> chunk(long index) {
    if (index < 0 || index >= chunks.size()) {
      throw new IllegalArgumentException("MemoryStream " + id + " has " + chunks.size()
          + " chunks; chunk " + index + " does not exist");
    }
    return chunks.get((int) index);
  }

  /**
   * The number of rows in chunk {@code index}.
   *
   * @param index the chunk index
   * @return the rows
   */
  public synchronized long chunkRows(long index) {
    long n = 0;
    for (ColumnBatch b : chunk(index)) {
      n += b.numRows();
    }
    return n;
  }

  /** Removes the stream from the registry; sources already reading it keep their data. */
  public void close() {
    closed = true;
    REGISTRY.remove(id, this);
  }

  @Override
  public String toString() {
    return "MemoryStream[" + id + "]";
  }
}
