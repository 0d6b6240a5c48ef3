package io.sluice.api;

import java.util.List;

/**
 * The timers of one key in a {@link StatefulProcessor}, and the clocks they are compared with. A
 * timer fires once: in the first batch whose processing time ({@link TimeMode#PROCESSING_TIME}) or
 * watermark ({@link TimeMode#EVENT_TIME}) is at or past it.
 */
public interface Timers {
  /**
   * Registers a timer (a no-op if it exists).
   *
   * @param timestampMs when it fires, epoch milliseconds
   */
  void register(long timestampMs);

  /**
   * Deletes a timer (a no-op if absent).
   *
   * @param timestampMs the timer
   */
  void delete(long timestampMs);

  /** @return the key's timers, ascending */
  List<Long> list();

  /** @return the batch's processing time, epoch milliseconds */
  long currentProcessingTimeMs();

  /** @return the batch's watermark, epoch milliseconds (0 before the first watermark) */
  long currentWatermarkMs();
}
