package io.sluice.api.connector;

import io.sluice.api.types.StructType;

/**
 * Creates sources of one format. Registered in
 * {@code META-INF/services/io.sluice.api.connector.SourceProvider}; found by {@link #format()}
 * (case-insensitive) or by class name.
 */
public interface SourceProvider {
  /** @return the format name, e.g. {@code kafka} */
  String format();

  /**
   * Validates the options and returns the schema the source will produce; called by
   * {@code load()}, so a wrong option fails there.
   *
   * @param options the options
   * @param userSchema the schema given by the user, or null
   * @return the schema
   * @throws io.sluice.api.AnalysisException for a missing, unknown or invalid option
   */
  StructType schema(ConnectorOptions options, StructType userSchema);

  /**
   * Creates the streaming source when a query starts.
   *
   * @param context options, schema and checkpoint directory
   * @return the source
   */
  Source createSource(SourceContext context);

  /**
   * Reads the whole current content as a bounded table, for {@code session.read()}.
   *
   * @param context options and schema
   * @return the partitions' readers, in order
   * @throws UnsupportedOperationException if the format has no batch read
   */
  default BatchScan createBatchScan(SourceContext context) {
    throw new UnsupportedOperationException("format " + format() + " has no batch read");
  }
}
