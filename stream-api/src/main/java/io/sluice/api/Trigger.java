package io.sluice.api;

import java.time.Duration;
import java.util.Objects;

/** When a streaming query runs its micro-batches. */
public sealed interface Trigger {
  /**
   * Runs a batch at every multiple of {@code interval} (aligned to interval boundaries). A batch
   * that overruns is followed at once by the next; when no new data arrived (and no state needs
   * evicting) no batch runs. A zero interval runs batches back to back.
   *
   * @param interval the interval
   * @return the trigger
   */
  static Trigger processingTime(Duration interval) {
    return new ProcessingTime(interval);
  }

  /**
   * Same as {@link #processingTime(Duration)}, with the interval as text ({@code "5 seconds"}).
   *
   * @param interval the interval
   * @return the trigger
   */
  static Trigger processingTime(String interval) {
    return new ProcessingTime(Durations.parse(interval));
  }

  /**
   * Processes everything available when the query starts, in as many batches as the sources' rate
   * limits require, then stops. Data that arrives after the start waits for the next run.
   *
   * @return the trigger
   */
  static Trigger availableNow() {
    return AvailableNow.INSTANCE;
  }

  /**
   * Processes everything available in one batch, then stops (rate limits are ignored).
   *
   * @return the trigger
   */
  static Trigger once() {
    return Once.INSTANCE;
  }

  /**
   * Periodic micro-batches.
   *
   * @param interval the interval between batch starts
   */
  record ProcessingTime(Duration interval) implements Trigger {
    /** Validates the components. */
    public ProcessingTime {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("trigger interval must not be negative: " + interval);
      }
    }
  }

  /** Everything available at start, in rate-limited batches, then stop. */
  enum AvailableNow implements Trigger {
    /** The singleton. */
    INSTANCE
  }

  /** Everything available in one batch, then stop. */
  enum Once implements Trigger {
    /** The singleton. */
    INSTANCE
  }
}
