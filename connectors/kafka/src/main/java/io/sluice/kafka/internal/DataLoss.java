package io.sluice.kafka.internal;

import io.sluice.api.SluiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports possibly lost records: fails the batch ({@code failOnDataLoss=true}) or logs and goes on. */
final class DataLoss {
  private static final Logger LOG = LoggerFactory.getLogger(DataLoss.class);

  private DataLoss() {}

  /**
   * @param fail whether to fail
   * @param message what was lost: the partition and the offset range
   * @throws SluiceException if {@code fail}
   */
  static void report(boolean fail, String message) {
    if (fail) {
      throw new SluiceException("Kafka source data loss: " + message + ". Some data may have been lost "
          + "because it is no longer available in Kafka. To skip it and continue, set the source option "
          + "failOnDataLoss=false.");
    }
    LOG.warn("Kafka source data loss (skipped, failOnDataLoss=false): {}", message);
  }
}
