package io.sluice.lakehouse.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.InputPartition;
import io.sluice.api.connector.PartitionReader;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceContext;
import io.sluice.api.types.StructType;
import io.sluice.lakehouse.LakehouseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.io.CloseableIterable;

/** What the public providers delegate to: option checks, schema resolution, sources, scans. */
public final class IcebergSources {
  private IcebergSources() {}

  /**
   * Checks sink options at {@code start()}.
   *
   * @param options the options
   * @throws AnalysisException for an unknown or invalid option
   */
  public static void validateSink(ConnectorOptions options) {
    options.checkKnown(LakehouseOptions.FORMAT, LakehouseOptions.sinkOptions(), LakehouseOptions.prefixes());
    for (var o : LakehouseOptions.sinkOptions()) {
      options.get(o);
    }
    PartitionSpecs.terms(options.get(LakehouseOptions.PARTITION_BY));
    TableLocator.from(options);
  }

  /**
   * The schema {@code load()} returns.
   *
   * @param options the options
   * @param userSchema the schema given with {@code schema(..)}, or null
   * @return the table's schema (converted), or the user's
   * @throws AnalysisException for bad options, or a missing table without a user schema
   */
  public static StructType schema(ConnectorOptions options, StructType userSchema) {
    options.checkKnown(LakehouseOptions.FORMAT, LakehouseOptions.sourceOptions(), LakehouseOptions.prefixes());
    for (var o : LakehouseOptions.sourceOptions()) {
      options.get(o);
    }
    TableLocator locator = TableLocator.from(options);
    if (userSchema != null) {
      return userSchema;
    }
    Table table = locator.load().orElseThrow(() -> new AnalysisException("Table '" + locator.name()
        + "' does not exist (" + locator + "). Start the query that writes it first, or give the schema "
        + "with schema(..) to wait for the table to appear"));
    return Schemas.toSluice(table.schema(), locator.name());
  }

  /**
   * Creates the streaming source.
   *
   * @param context the context (its schema is the one {@code load()} resolved)
   * @return the source
   */
  public static Source streamingSource(SourceContext context) {
    StructType s = context.userSchema() != null ? context.userSchema() : schema(context.options(), null);
    return new IcebergStreamSource(TableLocator.from(context.options()), s, context.options(),
        context.metadataDir());
  }

  /**
   * A bounded read of the table.
   *
   * @param schema the output schema
   * @param partitions one per data file
   */
  public record Scan(StructType schema, List<InputPartition> partitions) {
    /**
     * Opens a partition.
     *
     * @param partition one of {@link #partitions()}
     * @return its reader
     */
    public PartitionReader reader(InputPartition partition) {
      return TableReader.open((TableReader.FilePartition) partition, schema);
    }
  }

  /**
   * Plans a batch read of the current content (or as of option {@code snapshotId}).
   *
   * @param context the context
   * @return the scan (no partitions if the table does not exist or is empty)
   */
  public static Scan batchScan(SourceContext context) {
    StructType s = context.userSchema() != null ? context.userSchema() : schema(context.options(), null);
    TableLocator locator = TableLocator.from(context.options());
    Table table = locator.load().orElse(null);
    List<InputPartition> parts = new ArrayList<>();
    if (table == null || table.currentSnapshot() == null) {
      return new Scan(s, parts);
    }
    TableScan scan = table.newScan();
    Long snapshotId = context.options().get(LakehouseOptions.SNAPSHOT_ID);
    if (snapshotId != null) {
      if (table.snapshot(snapshotId) == null) {
        throw new AnalysisException("Snapshot " + snapshotId + " does not exist in " + locator);
      }
      scan = scan.useSnapshot(snapshotId);
    }
    try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
      for (FileScanTask t : tasks) {
        parts.add(new TableReader.FilePartition(t, table, locator.name() + " " + t.file().location()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Scan(s, parts);
  }
}
