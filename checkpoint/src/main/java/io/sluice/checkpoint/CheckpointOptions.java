package io.sluice.checkpoint;

import io.sluice.api.ConfigOption;

/** The options of the checkpoint module. */
public final class CheckpointOptions {
  private CheckpointOptions() {}

  /**
   * How many of the latest batches keep their offset and commit log entries; older entries are
   * deleted by {@link Checkpoint#purge}. At least 1, since a restart needs the latest batch.
   */
  public static final ConfigOption<Integer> MIN_BATCHES_TO_RETAIN =
      ConfigOption.intOption(
              "sluice.checkpoint.minBatchesToRetain",
              100,
              "How many of the latest batches keep their offsets/ and commits/ entries in the"
                  + " checkpoint; older entries are deleted.")
          .withValidator(v -> v >= 1, "an integer >= 1");
}
