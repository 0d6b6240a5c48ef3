package io.sluice.kafka.internal;

import java.util.function.Consumer;

/**
 * Named points of the micro-batch loop that crash tests stop a process at: a test installs a hook
 * (e.g. one that halts the JVM on the n-th call) and restarts the query from its checkpoint. No
 * hook is installed in normal runs, and firing then does nothing.
 */
public final class TestHooks {
  /** The engine wrote {@code offsets/N} and is planning the batch's tasks (source side). */
  public static final String AFTER_OFFSET_WRITE = "afterOffsetWrite";
  /** The sink's transaction holds part of the batch's records, not yet committed. */
  public static final String MID_TRANSACTION = "midTransaction";
  /** The sink committed the batch's transaction; the engine has not written {@code commits/N}. */
  public static final String AFTER_SINK_COMMIT = "afterSinkCommit";

  private static volatile Consumer<String> hook;

  private TestHooks() {}

  /**
   * Installs the hook (tests only).
   *
   * @param h called with the point's name, or null to remove
   */
  public static void install(Consumer<String> h) {
    hook = h;
  }

  static void fire(String point) {
    Consumer<String> h = hook;
    if (h != null) {
      h.accept(point);
    }
  }
}
