package io.sluice.kafka.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceContext;
import io.sluice.api.connector.SourceProvider;
import io.sluice.api.types.StructType;

/**
 * The {@code kafka} source format. Rows: {@code key binary, value binary, topic string, partition
 * int, offset bigint, timestamp timestamp, timestampType int} (+ {@code headers} with
 * {@code includeHeaders}). Options: {@link io.sluice.kafka.KafkaOptions}.
 */
public final class KafkaSourceProvider implements SourceProvider {
  /** The format name. */
  public static final String FORMAT = "kafka";

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public StructType schema(ConnectorOptions options, StructType userSchema) {
    SourceConfig config = SourceConfig.from(options);
    StructType schema = RecordColumns.schema(config.includeHeaders());
    if (userSchema != null && !userSchema.equals(schema)) {
      throw new AnalysisException("The kafka source has the fixed schema " + schema + "; drop .schema(...)"
          + " and parse the value column instead (fromJson, AvroFunctions.fromAvro)");
    }
    return schema;
  }

  @Override
  public Source createSource(SourceContext context) {
    schema(context.options(), context.userSchema());
    return new KafkaMicroBatchSource(SourceConfig.from(context.options()), context.metadataDir(),
        System::currentTimeMillis);
  }
}
