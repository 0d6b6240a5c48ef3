package io.sluice.lakehouse;

import io.sluice.api.OutputMode;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkProvider;
import io.sluice.lakehouse.internal.IcebergSink;
import io.sluice.lakehouse.internal.IcebergSources;
import java.util.Set;

/**
 * The {@code iceberg} sink: {@code writeStream().format("iceberg").start(table)} writes each
 * micro-batch to an Apache Iceberg table as one snapshot, exactly once per (query id, batch id).
 * Append mode appends data files, complete mode replaces the table's content, update mode upserts
 * by the key columns (equality deletes plus new rows). The table is created when the query starts
 * if it does not exist. Options: {@link LakehouseOptions}.
 */
public final class IcebergSinkProvider implements SinkProvider {
  /** Creates the provider (found through {@code META-INF/services}). */
  public IcebergSinkProvider() {}

  @Override
  public String format() {
    return LakehouseOptions.FORMAT;
  }

  @Override
  public Set<OutputMode> supportedOutputModes() {
    return Set.of(OutputMode.APPEND, OutputMode.COMPLETE, OutputMode.UPDATE);
  }

  @Override
  public void validate(ConnectorOptions options) {
    IcebergSources.validateSink(options);
  }

  @Override
  public Sink createSink(SinkContext context) {
    return new IcebergSink(context);
  }
}
