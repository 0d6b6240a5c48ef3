package io.sluice.api;

/** Which timers a {@link StatefulProcessor} may register. */
public enum TimeMode {
  /** No timers. */
  NONE,
  /** Timers fire when the batch's processing time (the batch timestamp) passes them. */
  PROCESSING_TIME,
  /** Timers fire when the watermark passes them; the input needs {@code withWatermark}. */
  EVENT_TIME
}
