package io.sluice.api;

import io.sluice.api.connector.EngineFactory;
import io.sluice.api.types.StructType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The entry point: reads streams, runs queries, and holds the configuration they share. Obtain one
 * with {@link #builder()}; the engine on the class path (the {@code microbatch-engine} module)
 * provides the implementation.
 */
public interface StreamSession extends AutoCloseable {
  /** @return a builder for a session */
  static Builder builder() {
    return new Builder();
  }

  /** @return the session's application name */
  String appName();

  /** @return the session configuration (option key → value) */
  Map<String, String> conf();

  /**
   * The value of a typed option in this session's configuration.
   *
   * @param option the option
   * @param <T> the type
   * @return the configured value, or the option's default
   */
  <T> T conf(ConfigOption<T> option);

  /** @return a reader for streaming sources */
  DataStreamReader readStream();

  /** @return a reader for bounded (batch) sources */
  DataFrameReader read();

  /**
   * A batch DataFrame of the given rows.
   *
   * @param rows the rows
   * @param schema their schema
   * @return the DataFrame
   */
  DataFrame createDataFrame(List<Row> rows, StructType schema);

  /** @return the manager of this session's streaming queries */
  StreamingQueryManager streams();

  /** Stops every active query of this session and releases its resources. */
  @Override
  void close();

  /** Collects configuration and creates a {@link StreamSession}. */
  final class Builder {
    private String appName = "sluice";
    private final Map<String, String> conf = new LinkedHashMap<>();

    Builder() {}

    /**
     * Names the application (shown in logs and metrics).
     *
     * @param name the name
     * @return this builder
     */
    public Builder appName(String name) {
      this.appName = name;
      return this;
    }

    /**
     * Sets a typed option.
     *
     * @param option the option
     * @param value the value, validated now
     * @param <T> the type
     * @return this builder
     * @throws IllegalArgumentException if the value is invalid
     */
    public <T> Builder config(ConfigOption<T> option, T value) {
      option.validate(value);
      conf.put(option.key(), String.valueOf(value));
      return this;
    }

    /**
     * Sets an option by key, as text.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder config(String key, String value) {
      conf.put(key, value);
      return this;
    }

    /**
     * Creates the session.
     *
     * @return the session
     * @throws SluiceException if no engine is on the class path
     */
    public StreamSession getOrCreate() {
      for (EngineFactory f : ServiceLoader.load(EngineFactory.class)) {
        return f.createSession(appName, Map.copyOf(conf));
      }
      throw new SluiceException("No Sluice engine on the class path: add the dependency "
          + "io.sluice:microbatch-engine to run queries");
    }
  }
}
