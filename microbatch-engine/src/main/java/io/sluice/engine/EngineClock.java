package io.sluice.engine;

/**
 * The time source of a session's queries: trigger boundaries, batch timestamps (what
 * {@code currentTimestamp()} returns) and progress timestamps come from it. The system clock is
 * the default; tests substitute {@link io.sluice.engine.testing.ManualClock}.
 */
public interface EngineClock {
  /** The wall clock. */
  EngineClock SYSTEM = System::currentTimeMillis;

  /** @return the current time in milliseconds since the epoch */
  long millis();
}
