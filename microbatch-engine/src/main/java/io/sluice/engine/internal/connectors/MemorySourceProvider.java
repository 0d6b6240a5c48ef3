package io.sluice.engine.internal.connectors;

import io.sluice.api.AnalysisException;
import io.sluice.api.connector.BatchScan;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.InputPartition;
import io.sluice.api.connector.PartitionReader;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceContext;
import io.sluice.api.connector.SourceProvider;
import io.sluice.api.types.StructType;
import io.sluice.engine.connectors.BuiltinConnectorOptions;
import java.util.List;

/**
 * The {@code memory} source: reads a {@link io.sluice.engine.connectors.MemoryStream} by its id.
 * The schema is the stream's; a user schema, if given, must equal it.
 */
public final class MemorySourceProvider implements SourceProvider {
  /** The format name. */
  public static final String FORMAT = "memory";

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public StructType schema(ConnectorOptions options, StructType userSchema) {
    return resolve(options, userSchema).schema();
  }

  @Override
  public Source createSource(SourceContext context) {
    return new MemoryStreamSource(resolve(context.options(), context.userSchema()),
        context.options().get(BuiltinConnectorOptions.MAX_ROWS_PER_TRIGGER));
  }

  @Override
  public BatchScan createBatchScan(SourceContext context) {
    MemoryStreamData data = resolve(context.options(), context.userSchema());
    MemoryStreamSource source = new MemoryStreamSource(data, null);
    List<InputPartition> partitions =
        source.planInputPartitions(null, new CountOffset(MemoryStreamSource.FIELD, data.numChunks()));
    return new BatchScan() {
      @Override
      public StructType schema() {
        return data.schema();
      }

      @Override
      public List<InputPartition> partitions() {
        return partitions;
      }

      @Override
      public PartitionReader createReader(InputPartition partition) {
        return source.createReader(partition);
      }
    };
  }

  private static MemoryStreamData resolve(ConnectorOptions options, StructType userSchema) {
    options.checkKnown(FORMAT, BuiltinConnectorOptions.memorySourceOptions(), java.util.Set.of());
    String id = options.get(BuiltinConnectorOptions.MEMORY_STREAM_ID);
    if (id == null) {
      throw new AnalysisException("Option 'id' is required for format 'memory': create the stream "
          + "with MemoryStream.create(session, schema) and read it with toDF()");
    }
    MemoryStreamData data = MemoryStreamData.lookup(id);
    if (userSchema != null && !userSchema.equals(data.schema())) {
      throw new AnalysisException("The schema given to the memory source " + userSchema
          + " differs from the schema of " + data + ": " + data.schema()
          + ". Drop .schema(..): a memory stream has its own schema.");
    }
    return data;
  }
}
