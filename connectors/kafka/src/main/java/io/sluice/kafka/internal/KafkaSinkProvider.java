package io.sluice.kafka.internal;

import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkProvider;

/**
 * The {@code kafka} sink format: writes each row's {@code value} (required), {@code key},
 * {@code headers} to the {@code topic} option or column (and {@code partition} if given),
 * exactly-once by default. Options: {@link io.sluice.kafka.KafkaOptions}.
 */
public final class KafkaSinkProvider implements SinkProvider {
  @Override
  public String format() {
    return KafkaSourceProvider.FORMAT;
  }

  @Override
  public void validate(ConnectorOptions options) {
    SinkConfig.from(options);
  }

  @Override
  public Sink createSink(SinkContext context) {
    SinkConfig config = SinkConfig.from(context.options());
    RowEncoder encoder = new RowEncoder(context.schema(), config.topic());
    return new KafkaSink(config, encoder, context.queryId());
  }
}
