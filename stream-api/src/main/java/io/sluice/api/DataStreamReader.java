package io.sluice.api;

import io.sluice.api.types.StructType;

/**
 * Describes a streaming source: {@code session.readStream().format("kafka").option(..).load()}.
 * Mutable builder; not thread-safe.
 */
public interface DataStreamReader {
  /**
   * The connector, by format name ({@code memory}, {@code rate}, {@code kafka}, ...).
   *
   * @param format the format
   * @return this reader
   */
  DataStreamReader format(String format);

  /**
   * A connector option; keys are case-insensitive.
   *
   * @param key the key
   * @param value the value
   * @return this reader
   */
  DataStreamReader option(String key, String value);

  /**
   * A connector option.
   *
   * @param key the key
   * @param value the value, as text
   * @return this reader
   */
  default DataStreamReader option(String key, long value) {
    return option(key, Long.toString(value));
  }

  /**
   * A connector option.
   *
   * @param key the key
   * @param value the value, as text
   * @return this reader
   */
  default DataStreamReader option(String key, boolean value) {
    return option(key, Boolean.toString(value));
  }

  /**
   * The schema for sources that need one (files, memory).
   *
   * @param schema the schema
   * @return this reader
   */
  DataStreamReader schema(StructType schema);

  /**
   * Creates the streaming DataFrame, validating the format and options now.
   *
   * @return the DataFrame
   * @throws AnalysisException for an unknown format, an unknown or invalid option
   */
  DataFrame load();

  /**
   * Sets option {@code path} and loads.
   *
   * @param path the path or table identifier
   * @return the DataFrame
   */
  default DataFrame load(String path) {
    return option("path", path).load();
  }
}
