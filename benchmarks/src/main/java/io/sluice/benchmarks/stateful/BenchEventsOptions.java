package io.sluice.benchmarks.stateful;

import io.sluice.api.ConfigOption;
import java.util.List;

/** Options of the {@code bench-events} generator source ({@link BenchEventsSourceProvider}). */
public final class BenchEventsOptions {
  private BenchEventsOptions() {}

  /** How many events the stream holds; all are available from the start. */
  public static final ConfigOption<Long> TOTAL_EVENTS = ConfigOption.longOption("totalEvents", 5_000_000L,
      "bench-events: the number of events in the stream, all available at once")
      .withValidator(v -> v >= 0, "a non-negative number");

  /** Events per second of event time: event {@code i} is due at {@code start + i / eventsPerSecond}. */
  public static final ConfigOption<Long> EVENTS_PER_SECOND = ConfigOption.longOption("eventsPerSecond", 100_000L,
      "bench-events: events per second of event time").withValidator(v -> v > 0, "a positive number");

  /** Distinct users ({@code user} is in {@code [0, users)}). */
  public static final ConfigOption<Long> USERS = ConfigOption.longOption("users", 100_000L,
      "bench-events: the number of distinct users")
      .withValidator(v -> v > 0 && v <= Integer.MAX_VALUE, "a positive number below 2^31");

  /** Distinct pages ({@code page} is {@code "page-<n>"}, n in {@code [0, pages)}). */
  public static final ConfigOption<Integer> PAGES = ConfigOption.intOption("pages", 1_000,
      "bench-events: the number of distinct pages").withValidator(v -> v > 0, "a positive number");

  /** An event's time is its due time minus a uniform delay in {@code [0, maxDisorderMs]}. */
  public static final ConfigOption<Long> MAX_DISORDER_MS = ConfigOption.longOption("maxDisorderMs", 2_000L,
      "bench-events: the largest delay of an event behind its due time, in milliseconds")
      .withValidator(v -> v >= 0 && v <= 2_000_000L, "a number of milliseconds in [0, 2000000]");

  /** Seed of the per-event hash; the same seed gives the same events. */
  public static final ConfigOption<Long> SEED = ConfigOption.longOption("seed", 42L,
      "bench-events: seed of the generated values");

  /** Event time of event 0, epoch milliseconds. */
  public static final ConfigOption<Long> START_TIMESTAMP = ConfigOption.longOption("startTimestamp",
      1_767_225_600_000L, "bench-events: event time of event 0 in epoch ms (default 2026-01-01T00:00:00Z)")
      .withValidator(v -> v >= 0, "a non-negative epoch-millisecond timestamp");

  /** The most events one batch reads (unset: all). */
  public static final ConfigOption<Long> MAX_ROWS_PER_TRIGGER = ConfigOption.longOption("maxRowsPerTrigger", null,
      "bench-events: the most events one batch reads (default: all)")
      .withValidator(v -> v > 0, "a positive number");

  /** Partitions (parallel tasks) each batch's events are split into. */
  public static final ConfigOption<Integer> NUM_PARTITIONS = ConfigOption.intOption("numPartitions",
      Runtime.getRuntime().availableProcessors(),
      "bench-events: partitions per batch (default: the number of available processors)")
      .withValidator(v -> v > 0, "a positive number");

  /** Every option of the source. */
  public static final List<ConfigOption<?>> ALL = List.of(TOTAL_EVENTS, EVENTS_PER_SECOND, USERS, PAGES,
      MAX_DISORDER_MS, SEED, START_TIMESTAMP, MAX_ROWS_PER_TRIGGER, NUM_PARTITIONS);
}
