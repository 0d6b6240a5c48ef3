package io.sluice.api.data;

import java.time.Instant;

/** Conversions between {@link Instant} and the microseconds-since-epoch timestamps vectors store. */
public final class Timestamps {
  private Timestamps() {}

  /**
   * Converts an instant to microseconds since the epoch (truncating nanoseconds).
   *
   * @param t the instant
   * @return microseconds
   */
  public static long toMicros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /**
   * Converts microseconds since the epoch to an instant.
   *
   * @param micros microseconds
   * @return the instant
   */
  public static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }
}
