package io.sluice.api.connector;

import io.sluice.api.OutputMode;
import java.util.Set;

/**
 * Creates sinks of one format. Registered in
 * {@code META-INF/services/io.sluice.api.connector.SinkProvider}; found by {@link #format()}
 * (case-insensitive) or by class name.
 */
public interface SinkProvider {
  /** @return the format name */
  String format();

  /** @return the output modes this sink supports */
  default Set<OutputMode> supportedOutputModes() {
    return Set.of(OutputMode.APPEND, OutputMode.UPDATE, OutputMode.COMPLETE);
  }

  /**
   * Validates the options at {@code start()}, before anything runs.
   *
   * @param options the options
   * @throws io.sluice.api.AnalysisException for a missing, unknown or invalid option
   */
  default void validate(ConnectorOptions options) {}

  /**
   * Creates the sink when the query starts.
   *
   * @param context options, schema, query id
   * @return the sink
   */
  Sink createSink(SinkContext context);
}
