package io.sluice.engine.internal.tws;

import io.sluice.api.KeyState;
import io.sluice.api.Row;
import io.sluice.api.TimeMode;
import io.sluice.api.Timers;
import java.util.List;

/**
 * One key's state and timers during one batch of one partition. The state is read from the store
 * at most once (on first use) and written at most once ({@link #flush}, after every call for the
 * batch); timers go straight to the store, so the due-timer scan sees them.
 */
final class KeyContext implements KeyState, Timers {
  private final TwsStore store;
  private final Clocks clocks;
  private final Row key;
  private final List<Object> stateKey;
  private boolean loaded;
  private boolean existedBefore;
  private Row value;
  private byte[] encoded;
  private boolean dirty;

  /**
   * What a batch's timers are compared with.
   *
   * @param timeMode the operator's time mode
   * @param processingTimeMs the batch timestamp
   * @param watermarkMs the batch's (eviction) watermark
   */
  record Clocks(TimeMode timeMode, long processingTimeMs, long watermarkMs) {}

  KeyContext(TwsStore store, Clocks clocks, Row key, List<Object> stateKey) {
    this.store = store;
    this.clocks = clocks;
    this.key = key;
    this.stateKey = stateKey;
  }

  Row key() {
    return key;
  }

  List<Object> stateKey() {
    return stateKey;
  }

  // ---------------------------------------------------------------- KeyState

  private void load() {
    if (!loaded) {
      value = store.readState(stateKey);
      existedBefore = value != null;
      loaded = true;
    }
  }

  @Override
  public boolean exists() {
    load();
    return value != null;
  }

  @Override
  public Row get() {
    load();
    return value;
  }

  @Override
  public void update(Row newValue) {
    if (newValue == null) {
      throw new IllegalArgumentException("KeyState.update(null) for key " + key + ": call remove() to drop "
          + "the state");
    }
    List<Object> fields;
    byte[] bytes;
    try {
      fields = store.layout().toStateValue(newValue);
      bytes = store.encodeState(fields);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("KeyState.update for key " + key + ": " + e.getMessage(), e);
    }
    load();
    // Kept as the store will return it, so get() is the same before and after a restart.
    value = store.layout().toStateRow(fields);
    encoded = bytes;
    dirty = true;
  }

  @Override
  public void remove() {
    load();
    value = null;
    encoded = null;
    dirty = true;
  }

  /** The outcome of {@link #flush}. */
  enum Flushed { NONE, UPDATED, REMOVED }

  /**
   * Writes the state if it changed in this batch.
   *
   * @return what was written
   */
  Flushed flush() {
    if (!dirty) {
      return Flushed.NONE;
    }
    dirty = false;
    if (encoded != null) {
      store.writeState(stateKey, encoded);
      existedBefore = true;
      return Flushed.UPDATED;
    }
    if (existedBefore) {
      store.removeState(stateKey);
      existedBefore = false;
      return Flushed.REMOVED;
    }
    return Flushed.NONE;
  }

  // ---------------------------------------------------------------- Timers

  private void checkTimersAllowed(String call) {
    if (clocks.timeMode() == TimeMode.NONE) {
      throw new IllegalStateException("Timers." + call + " was called for key " + key + " but transformWithState "
          + "runs with TimeMode.NONE, which has no timers: pass TimeMode.PROCESSING_TIME or TimeMode.EVENT_TIME");
    }
  }

  @Override
  public void register(long timestampMs) {
    checkTimersAllowed("register(" + timestampMs + ")");
    store.registerTimer(stateKey, timestampMs);
  }

  @Override
  public void delete(long timestampMs) {
    checkTimersAllowed("delete(" + timestampMs + ")");
    store.deleteTimer(stateKey, timestampMs);
  }

  @Override
  public List<Long> list() {
    checkTimersAllowed("list()");
    return store.listTimers(stateKey);
  }

  @Override
  public long currentProcessingTimeMs() {
    return clocks.processingTimeMs();
  }

  @Override
  public long currentWatermarkMs() {
    return clocks.watermarkMs();
  }
}
