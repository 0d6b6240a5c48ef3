package io.sluice.lakehouse;

import io.sluice.api.AnalysisException;
import io.sluice.api.connector.BatchScan;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.InputPartition;
import io.sluice.api.connector.PartitionReader;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceContext;
import io.sluice.api.connector.SourceProvider;
import io.sluice.api.types.StructType;
import io.sluice.lakehouse.internal.IcebergSources;
import java.util.List;

/**
 * The {@code iceberg} source: {@code readStream().format("iceberg").load(table)} streams the rows
 * appended to an Apache Iceberg table; {@code read().format("iceberg").load(table)} reads its
 * current content (or the content as of option {@code snapshotId}). Options: {@link LakehouseOptions}.
 *
 * <p>{@code load()} reads the schema from the table. A table that does not exist is an
 * {@link AnalysisException} naming it, unless a schema is given with {@code schema(..)}: then a
 * streaming query waits for the table to appear (columns are matched by name), and a batch read
 * returns no rows.
 */
public final class IcebergSourceProvider implements SourceProvider {
  /** Creates the provider (found through {@code META-INF/services}). */
  public IcebergSourceProvider() {}

  @Override
  public String format() {
    return LakehouseOptions.FORMAT;
  }

  @Override
  public StructType schema(ConnectorOptions options, StructType userSchema) {
    return IcebergSources.schema(options, userSchema);
  }

  @Override
  public Source createSource(SourceContext context) {
    return IcebergSources.streamingSource(context);
  }

  @Override
  public BatchScan createBatchScan(SourceContext context) {
    IcebergSources.Scan scan = IcebergSources.batchScan(context);
    return new BatchScan() {
      @Override
      public StructType schema() {
        return scan.schema();
      }

      @Override
      public List<InputPartition> partitions() {
        return scan.partitions();
      }

      @Override
      public PartitionReader createReader(InputPartition partition) {
        return scan.reader(partition);
      }
    };
  }
}
