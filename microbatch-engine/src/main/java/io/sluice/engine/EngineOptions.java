package io.sluice.engine;

import io.sluice.api.ConfigOption;
import java.time.Duration;
import java.util.List;

/** Options of the micro-batch engine, set on the session builder. */
public final class EngineOptions {
  private EngineOptions() {}

  /**
   * Partitions a shuffle (before a stateful operator) produces. Recorded in the checkpoint: on
   * restart the recorded value wins, because state is partitioned by it.
   */
  public static final ConfigOption<Integer> SHUFFLE_PARTITIONS =
      ConfigOption.intOption("sluice.shuffle.partitions", 8,
              "Partitions of a shuffle before stateful operators; fixed per checkpoint.")
          .withValidator(v -> v >= 1, "an integer >= 1");

  /** Threads of the executor pool that runs tasks; defaults to the number of cores. */
  public static final ConfigOption<Integer> EXECUTOR_THREADS =
      ConfigOption.intOption("sluice.executor.threads", Runtime.getRuntime().availableProcessors(),
              "Threads of the executor pool running the tasks of a batch.")
          .withValidator(v -> v >= 1, "an integer >= 1");

  /** How many progress records a query keeps for {@code recentProgress()}. */
  public static final ConfigOption<Integer> PROGRESS_RETENTION =
      ConfigOption.intOption("sluice.streaming.numRecentProgressUpdates", 100,
              "Progress records kept per query for recentProgress().")
          .withValidator(v -> v >= 1, "an integer >= 1");

  /** How long an idle {@code processingTime(0)} query waits before asking its sources again. */
  public static final ConfigOption<Duration> POLLING_DELAY =
      ConfigOption.durationOption("sluice.streaming.pollingDelay", Duration.ofMillis(10),
              "Wait between polls of the sources when a back-to-back trigger finds no data.")
          .withValidator(d -> !d.isNegative(), "a non-negative duration");

  /**
   * How the watermarks of several {@code withWatermark} inputs combine: {@code min} (default, the
   * slowest input holds the watermark back, so no input's rows are dropped early) or {@code max}
   * (the fastest input leads; rows of slower inputs may be dropped as late). Recorded in the
   * checkpoint.
   */
  public static final ConfigOption<String> MULTIPLE_WATERMARK_POLICY =
      ConfigOption.stringOption("sluice.streaming.multipleWatermarkPolicy", "min",
              "How the watermarks of several inputs combine: min or max; fixed per checkpoint.")
          .withValidator(v -> v.equalsIgnoreCase("min") || v.equalsIgnoreCase("max"), "'min' or 'max'");

  /**
   * Port of the HTTP server serving {@code /metrics}, {@code /health} and {@code /api/queries};
   * -1 (default) starts none, 0 picks a free port.
   */
  public static final ConfigOption<Integer> HTTP_PORT =
      ConfigOption.intOption("sluice.http.port", -1,
              "Port of the monitoring HTTP server (/metrics, /health, /api/queries); -1 = off, 0 = any free port.")
          .withValidator(v -> v >= -1 && v <= 65535, "-1, 0 or a port number");

  /** Address the HTTP server binds to: loopback unless configured otherwise. */
  public static final ConfigOption<String> HTTP_HOST =
      ConfigOption.stringOption("sluice.http.host", "127.0.0.1",
          "Address the monitoring HTTP server binds to (loopback by default; 0.0.0.0 in a container).");

  /**
   * How long an active query may go without completing a batch while a trigger is running before
   * {@code /health} reports it stalled.
   */
  public static final ConfigOption<Duration> HEALTH_STALL_TIMEOUT =
      ConfigOption.durationOption("sluice.http.healthStallTimeout", Duration.ofMinutes(5),
              "A query whose running batch takes longer than this is reported stalled by /health.")
          .withValidator(d -> !d.isNegative() && !d.isZero(), "a positive duration");

  /** Every option of this class, for documentation and validation. */
  public static final List<ConfigOption<?>> ALL = List.of(
      SHUFFLE_PARTITIONS, EXECUTOR_THREADS, PROGRESS_RETENTION, POLLING_DELAY, MULTIPLE_WATERMARK_POLICY,
      HTTP_PORT, HTTP_HOST, HEALTH_STALL_TIMEOUT);
}
