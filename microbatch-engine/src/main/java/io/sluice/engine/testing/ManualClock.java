package io.sluice.engine.testing;

import io.sluice.engine.EngineClock;
import java.time.Duration;
import java.time.Instant;

/**
 * A clock that moves only when told to, so a test decides when processing-time triggers fire and
 * what {@code currentTimestamp()} returns. Thread-safe.
 */
public final class ManualClock implements EngineClock {
  private volatile long millis;

  /**
   * Creates a clock.
   *
   * @param start the initial time
   */
  public ManualClock(Instant start) {
    this.millis = start.toEpochMilli();
  }

  @Override
  public long millis() {
    return millis;
  }

  /**
   * Moves the clock forward.
   *
   * @param d how far
   */
  public synchronized void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("a clock does not go back: " + d);
    }
    millis += d.toMillis();
  }

  /**
   * Sets the clock to a later time.
   *
   * @param t the time
   */
  public synchronized void setTo(Instant t) {
    if (t.toEpochMilli() < millis) {
      throw new IllegalArgumentException("a clock does not go back: " + t);
    }
    millis = t.toEpochMilli();
  }
}
