package io.sluice.api;

/**
 * Describes how to run and write a streaming query:
 * {@code df.writeStream().format("console").outputMode(APPEND).trigger(..).option("checkpointLocation", dir).start()}.
 * Mutable builder; not thread-safe.
 */
public interface DataStreamWriter {
  /**
   * The sink connector by format name ({@code console}, {@code memory}, {@code kafka}, ...).
   *
   * @param format the format
   * @return this writer
   */
  DataStreamWriter format(String format);

  /**
   * The output mode (default {@link OutputMode#APPEND}).
   *
   * @param mode the mode
   * @return this writer
   */
  DataStreamWriter outputMode(OutputMode mode);

  /**
   * The output mode by name ({@code append}, {@code update}, {@code complete}).
   *
   * @param mode the mode
   * @return this writer
   */
  DataStreamWriter outputMode(String mode);

  /**
   * The trigger (default: batches back to back, {@code processingTime(0)}).
   *
   * @param trigger the trigger
   * @return this writer
   */
  DataStreamWriter trigger(Trigger trigger);

  /**
   * The query's name, unique among the session's active queries; also the table name of the
   * {@code memory} sink.
   *
   * @param name the name
   * @return this writer
   */
  DataStreamWriter queryName(String name);

  /**
   * A sink option, or {@code checkpointLocation}; keys are case-insensitive.
   *
   * @param key the key
   * @param value the value
   * @return this writer
   */
  DataStreamWriter option(String key, String value);

  /**
   * Hands each batch's output to a function instead of a sink.
   *
   * @param function the function
   * @return this writer
   */
  DataStreamWriter foreachBatch(ForeachBatchFunction function);

  /**
   * Starts the query.
   *
   * @return the running query
   * @throws AnalysisException if the query, the format, an option or the output mode is invalid
   * @throws CheckpointException if the checkpoint is unusable or in use by another query
   */
  StreamingQuery start();

  /**
   * Sets option {@code path} and starts.
   *
   * @param path the path or table identifier
   * @return the running query
   */
  default StreamingQuery start(String path) {
    return option("path", path).start();
  }
}
