package io.sluice.kafka.internal;

import io.sluice.api.connector.ConnectorOptions;
import io.sluice.kafka.KafkaOptions;
import java.util.Map;
import java.util.Set;

/**
 * The Kafka sink's options, parsed.
 *
 * @param kafkaParams the {@code kafka.*} options without the prefix
 * @param topic the {@code topic} option, or null
 * @param exactlyOnce transactions (true) or an idempotent producer
 * @param transactionalIdPrefix the transactional id prefix
 * @param markerTopic the topic whose partition 0 carries the batch markers in the query's group
 */
record SinkConfig(Map<String, String> kafkaParams, String topic, boolean exactlyOnce,
    String transactionalIdPrefix, String markerTopic) {

  static SinkConfig from(ConnectorOptions options) {
    options.checkKnown("kafka", KafkaOptions.sinkOptions(), Set.of(KafkaOptions.KAFKA_PREFIX));
    Map<String, String> kafka = SourceConfig.kafkaParams(options, "sink");
    return new SinkConfig(kafka, options.get(KafkaOptions.TOPIC),
        options.get(KafkaOptions.DELIVERY_GUARANTEE).equalsIgnoreCase("exactly-once"),
        options.get(KafkaOptions.TRANSACTIONAL_ID_PREFIX), options.get(KafkaOptions.MARKER_TOPIC));
  }
}
