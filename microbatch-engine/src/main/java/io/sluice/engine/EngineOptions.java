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

  /** Every option of this class, for documentation and validation. */
  public static final List<ConfigOption<?>> ALL = List.of(
      SHUFFLE_PARTITIONS, EXECUTOR_THREADS, PROGRESS_RETENTION, POLLING_DELAY, MULTIPLE_WATERMARK_POLICY);
}
