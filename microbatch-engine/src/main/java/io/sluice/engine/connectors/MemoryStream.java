package io.sluice.engine.connectors;

import io.sluice.api.DataFrame;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.connectors.MemoryStreamData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A stream whose rows a program (usually a test) adds by hand, read as the {@code memory} source:
 *
 * <pre>{@code
 * MemoryStream input = MemoryStream.create(session, schema);
 * StreamingQuery q = input.toDF().groupBy(col("k")).agg(count()).writeStream()...start();
 * input.addData(Row.of("a", 1), Row.of("b", 2));   // becomes one micro-batch's input (or part of one)
 * }</pre>
 *
 * <p>Each {@code addData}/{@code addBatch} call appends one <em>chunk</em>; the source's offset is
 * the number of chunks added so far (JSON {@code {"chunks":N}}, like Spark's {@code LongOffset}).
 * Chunks never change once added, so a batch re-run after a failure reads the same rows. The data
 * lives in this JVM only: a query restarted in a new process cannot replay it.
 *
 * <p>Streams are kept in a process-wide registry under their {@link #id()} until {@link #close()}.
 * Thread-safe.
 */
public final class MemoryStream implements AutoCloseable {
  private final StreamSession session;
  private final MemoryStreamData data;

  private MemoryStream(StreamSession session, MemoryStreamData data) {
    this.session = session;
    this.data = data;
  }

  /**
   * Creates and registers an empty stream.
   *
   * @param session the session whose {@code readStream()} {@link #toDF()} uses
   * @param schema the schema of the rows
   * @return the stream
   */
  public static MemoryStream create(StreamSession session, StructType schema) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(schema, "schema");
    return new MemoryStream(session, MemoryStreamData.register(schema));
  }

  /**
   * The streaming DataFrame over this stream: {@code session.readStream().format("memory")
   * .option("id", id()).load()}. Its schema is {@link #schema()}.
   *
   * @return the DataFrame
   */
  public DataFrame toDF() {
    return session.readStream()
        .format("memory")
        .option(BuiltinConnectorOptions.MEMORY_STREAM_ID.key(), data.id())
        .load();
  }

  /**
   * Appends one chunk of rows.
   *
   * @param rows the rows, one value per field of {@link #schema()} in its Java representation
   *     (see {@link io.sluice.api.types.DataType})
   * @return the new offset: the number of chunks added so far
   * @throws IllegalArgumentException if a row does not match the schema
   * @throws IllegalStateException if the stream was closed
   */
  public long addData(Row... rows) {
    return addData(Arrays.asList(rows));
  }

  /**
   * Appends one chunk of rows.
   *
   * @param rows the rows, one value per field of {@link #schema()} in its Java representation
   *     (see {@link io.sluice.api.types.DataType})
   * @return the new offset: the number of chunks added so far
   * @throws IllegalArgumentException if a row does not match the schema
   * @throws IllegalStateException if the stream was closed
   */
  public long addData(List<Row> rows) {
    List<ColumnBatch> batches = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += ColumnBatch.DEFAULT_ROWS) {
      List<Row> slice = rows.subList(from, Math.min(rows.size(), from + ColumnBatch.DEFAULT_ROWS));
      try {
        batches.add(ColumnBatch.fromRows(data.schema(), slice));
      } catch (ClassCastException e) {
        throw new IllegalArgumentException("A row does not match the schema " + data.schema()
            + " of " + data + ": " + e.getMessage(), e);
      }
    }
    return data.append(batches);
  }

  /**
   * Appends one chunk given as a column batch. The batch must not be modified afterwards.
   *
   * @param batch the rows; its schema must equal {@link #schema()}
   * @return the new offset: the number of chunks added so far
   * @throws IllegalArgumentException if the batch's schema differs
   * @throws IllegalStateException if the stream was closed
   */
  public long addBatch(ColumnBatch batch) {
    if (!batch.schema().equals(data.schema())) {
      throw new IllegalArgumentException("The batch's schema " + batch.schema()
          + " differs from the schema " + data.schema() + " of " + data);
    }
    return data.append(batch.numRows() == 0 ? List.of() : List.of(batch));
  }

  /** @return the schema of the rows */
  public StructType schema() {
    return data.schema();
  }

  /** @return the id under which the {@code memory} source finds this stream */
  public String id() {
    return data.id();
  }

  /** @return the current offset: the number of chunks added so far */
  public long currentOffset() {
    return data.numChunks();
  }

  /**
   * Removes the stream from the registry, so its rows can be garbage-collected once no running
   * query reads it. Queries already reading it keep working; a new {@link #toDF()} fails, and
   * adding data throws {@link IllegalStateException}. Idempotent.
   */
  @Override
  public void close() {
    data.close();
  }

  @Override
  public String toString() {
    return data.toString();
  }
}
