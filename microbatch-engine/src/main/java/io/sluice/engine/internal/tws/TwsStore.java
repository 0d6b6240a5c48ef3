package io.sluice.engine.internal.tws;

import io.sluice.api.Row;
import io.sluice.state.KeyEncoder;
import io.sluice.state.StateCodec;
import io.sluice.state.StateIterator;
import io.sluice.state.StateStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A typed facade over one partition's state store in the {@link TwsStateLayout}: a key's state, a
 * key's timers, and the timers due by a time. Keys are given in state representation
 * ({@link TwsStateLayout#toStateKey}). Scans are read to the end before anything is written, as
 * the stores do not promise that an open iterator sees (or survives) writes.
 */
public final class TwsStore {
  /**
   * A timer found by {@link #dueTimers}.
   *
   * @param timerMs when it fires
   * @param stateKey its key, in state representation
   */
  public record Timer(long timerMs, List<Object> stateKey) {}

  private final TwsStateLayout layout;
  private final StateCodec codec;
  private final KeyEncoder keys;
  private final StateStore store;
  private byte[] marker;

  /**
   * Wraps a store.
   *
   * @param layout the layout
   * @param codec the codec of the layout's schema
   * @param store the store
   */
  public TwsStore(TwsStateLayout layout, StateCodec codec, StateStore store) {
    this.layout = layout;
    this.codec = codec;
    this.keys = codec.keys();
    this.store = store;
  }

  /** @return the layout */
  TwsStateLayout layout() {
    return layout;
  }

  /**
   * Reads a key's state.
   *
   * @param stateKey the key
   * @return the state row, or null
   */
  Row readState(List<Object> stateKey) {
    byte[] v = store.get(keys.encode(TwsStateLayout.fields(TwsStateLayout.STATE, null, stateKey, null)));
    return v == null ? null : layout.toStateRow(codec.decodeValue(v));
  }

  /**
   * Encodes a state value.
   *
   * @param fields the value fields, from {@link TwsStateLayout#toStateValue}
   * @return the encoded value
   * @throws IllegalArgumentException naming the field if a value does not fit the schema
   */
  byte[] encodeState(List<Object> fields) {
    return codec.encodeValue(fields);
  }

  /**
   * Writes a key's encoded state.
   *
   * @param stateKey the key
   * @param value the value from {@link #encodeState}
   */
  void writeState(List<Object> stateKey, byte[] value) {
    store.put(keys.encode(TwsStateLayout.fields(TwsStateLayout.STATE, null, stateKey, null)), value);
  }

  /**
   * Removes a key's state.
   *
   * @param stateKey the key
   */
  void removeState(List<Object> stateKey) {
    store.remove(keys.encode(TwsStateLayout.fields(TwsStateLayout.STATE, null, stateKey, null)));
  }

  /**
   * Registers a timer, if absent.
   *
   * @param stateKey the key
   * @param timerMs the timer
   */
  void registerTimer(List<Object> stateKey, long timerMs) {
    byte[] byTime = keys.encode(TwsStateLayout.fields(TwsStateLayout.TIMER_BY_TIME, timerMs, stateKey, null));
    if (store.get(byTime) != null) {
      return;
    }
    if (marker == null) {
      marker = codec.encodeValue(layout.markerValue());
    }
    store.put(byTime, marker);
    store.put(keys.encode(TwsStateLayout.fields(TwsStateLayout.TIMER_BY_KEY, null, stateKey, timerMs)), marker);
  }

  /**
   * Deletes a timer.
   *
   * @param stateKey the key
   * @param timerMs the timer
   * @return true if it existed
   */
  boolean deleteTimer(List<Object> stateKey, long timerMs) {
    byte[] byTime = keys.encode(TwsStateLayout.fields(TwsStateLayout.TIMER_BY_TIME, timerMs, stateKey, null));
    if (store.get(byTime) == null) {
      return false;
    }
    store.remove(byTime);
    store.remove(keys.encode(TwsStateLayout.fields(TwsStateLayout.TIMER_BY_KEY, null, stateKey, timerMs)));
    return true;
  }

  /**
   * Lists a key's timers.
   *
   * @param stateKey the key
   * @return its timers, ascending
   */
  List<Long> listTimers(List<Object> stateKey) {
    List<Object> prefix = TwsStateLayout.fields(TwsStateLayout.TIMER_BY_KEY, null, stateKey, null);
    prefix.remove(prefix.size() - 1);
    List<Long> out = new ArrayList<>();
    try (StateIterator it = store.prefixScan(keys.encodePrefix(prefix))) {
      while (it.hasNext()) {
        List<Object> f = keys.decode(it.next().key());
        out.add((Long) f.get(f.size() - 1));
      }
    }
    return out;
  }

  /**
   * The timers at or before a time, in firing order (time, then key).
   *
   * @param upToMs the time, inclusive
   * @return the timers
   */
  List<Timer> dueTimers(long upToMs) {
    byte[] from = keys.encodePrefix(List.of(TwsStateLayout.TIMER_BY_TIME));
    byte[] to = upToMs == Long.MAX_VALUE ? keys.encodePrefix(List.of(TwsStateLayout.TIMER_BY_TIME + 1))
        : keys.encodePrefix(java.util.Arrays.asList(TwsStateLayout.TIMER_BY_TIME, upToMs + 1));
    List<Timer> out = new ArrayList<>();
    try (StateIterator it = store.rangeScan(from, to)) {
      while (it.hasNext()) {
        out.add(decodeTimer(it.next().key()));
      }
    }
    return out;
  }

  /**
   * The earliest timer of the partition.
   *
   * @return epoch milliseconds, or {@link Long#MAX_VALUE} if there is none
   */
  public long earliestTimerMs() {
    byte[] from = keys.encodePrefix(List.of(TwsStateLayout.TIMER_BY_TIME));
    byte[] to = keys.encodePrefix(List.of(TwsStateLayout.TIMER_BY_TIME + 1));
    try (StateIterator it = store.rangeScan(from, to)) {
      return it.hasNext() ? decodeTimer(it.next().key()).timerMs() : Long.MAX_VALUE;
    }
  }

  private Timer decodeTimer(byte[] key) {
    List<Object> f = keys.decode(key);
    return new Timer((Long) f.get(1), new ArrayList<>(f.subList(2, f.size() - 1)));
  }
}
