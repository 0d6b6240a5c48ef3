package io.sluice.engine.internal.stateful.session;

import io.sluice.api.types.DataType;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.stateful.StateValues;
import io.sluice.engine.internal.stateful.session.SessionMerger.Piece;
import io.sluice.state.FieldType;
import io.sluice.state.KeyEncoder;
import io.sluice.state.StateCodec;
import io.sluice.state.StateEntry;
import io.sluice.state.StateField;
import io.sluice.state.StateIterator;
import io.sluice.state.StateSchema;
import io.sluice.state.StateStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How open sessions live in the state store: two entries per session, in one key space told apart
 * by a leading {@code kind} field.
 *
 * <pre>
 *   kind 1, by key:  (1, null, groupKey..., sessionStart) -> (sessionEnd, buffer...)
 *   kind 0, by end:  (0, sessionEnd, groupKey..., sessionStart) -> (all null)
 * </pre>
 *
 * The by-key entry is the session: merging new rows into a key's sessions is one range scan over
 * that key's prefix (bounded above by the new rows' latest end), so a batch costs the keys it
 * touches, not the size of the state. The by-end entry is an index for the watermark: the sessions
 * whose end it passed are one range scan over {@code (0, <= watermark)}, and each costs one extra
 * {@code get} for its buffer. Buffers sit in the by-key entry because a session is usually merged
 * (read) several times but emitted once.
 *
 * <p>Group key values are kept in their state representation ({@link StateValues#toState}).
 */
final class SessionStateLayout {
  private static final int BY_END = 0;
  private static final int BY_KEY = 1;

  private final List<DataType> keyTypes;
  private final StructType bufferTypes;
  private final StateSchema schema;
  private final KeyEncoder keys;
  private StateCodec codec;
  private byte[] indexValue;

  /** Receives a session. */
  interface SessionConsumer {
    void accept(List<Object> stateKey, long start, long end, List<Object> buffer);
  }

  /**
   * Creates the layout.
   *
   * @param keyFields the grouping key fields other than the session window
   * @param keyNames their state field names
   * @param bufferTypes the aggregate buffers
   */
  SessionStateLayout(List<StructField> keyFields, List<String> keyNames, StructType bufferTypes) {
    this.keyTypes = keyFields.stream().map(StructField::type).toList();
    this.bufferTypes = bufferTypes;
    List<StateField> k = new ArrayList<>();
    k.add(StateField.required("kind", FieldType.INT));
    k.add(StateField.optional("sessionEndMicros", FieldType.LONG));
    for (int i = 0; i < keyFields.size(); i++) {
      k.add(StateField.optional(keyNames.get(i), StateValues.fieldType(keyTypes.get(i))));
    }
    k.add(StateField.required("sessionStartMicros", FieldType.LONG));
    List<StateField> v = new ArrayList<>();
    v.add(StateField.optional("sessionEndMicros", FieldType.LONG));
    for (int i = 0; i < bufferTypes.size(); i++) {
      v.add(StateField.optional("b" + i, StateValues.fieldType(bufferTypes.field(i).type())));
    }
    this.schema = new StateSchema(k, v);
    this.keys = KeyEncoder.of(schema);
  }

  StateSchema schema() {
    return schema;
  }

  void bind(StateCodec c) {
    this.codec = c;
    this.indexValue = c.encodeValue(Arrays.asList(new Object[schema.valueFields().size()]));
  }

  /** The state representation of group key values (Java representations, in key order). */
  List<Object> toStateKey(List<Object> values) {
    List<Object> out = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      out.add(StateValues.toState(values.get(i), keyTypes.get(i)));
    }
    return out;
  }

  /** The Java representation of a group key's value {@code i}. */
  Object fromState(List<Object> stateKey, int i) {
    return StateValues.fromState(stateKey.get(i), keyTypes.get(i));
  }

  /** The byte prefix of every by-key entry of a group key; equal keys have equal prefixes. */
  byte[] keyPrefix(List<Object> stateKey) {
    List<Object> f = new ArrayList<>(stateKey.size() + 2);
    f.add(BY_KEY);
    f.add(null);
    f.addAll(stateKey);
    return keys.encodePrefix(f);
  }

  /**
   * The stored sessions of a key that start at or before {@code maxStart}, by start.
   *
   * @param store the store
   * @param prefix the group key's {@link #keyPrefix}
   * @param stateKey the group key
   * @param maxStart the latest start of interest
   * @return the sessions, as stored pieces
   */
  List<Piece> sessionsOf(StateStore store, byte[] prefix, List<Object> stateKey, long maxStart) {
    byte[] from = prefix;
    List<Piece> out = new ArrayList<>();
    try (StateIterator it = maxStart == Long.MAX_VALUE ? store.prefixScan(from)
        : store.rangeScan(from, key(BY_KEY, null, stateKey, maxStart + 1))) {
      while (it.hasNext()) {
        StateEntry e = it.next();
        List<Object> f = keys.decode(e.key());
        long start = (Long) f.get(f.size() - 1);
        out.add(piece(start, e.value()));
      }
    }
    return out;
  }

  /** Writes a session (both entries). */
  void put(StateStore store, List<Object> stateKey, long start, long end, List<Object> buffer) {
    List<Object> v = new ArrayList<>(bufferTypes.size() + 1);
    v.add(end);
    for (int i = 0; i < buffer.size(); i++) {
      v.add(StateValues.toState(buffer.get(i), bufferTypes.field(i).type()));
    }
    store.put(key(BY_KEY, null, stateKey, start), codec.encodeValue(v));
    store.put(key(BY_END, end, stateKey, start), indexValue);
  }

  /** Removes a session (both entries). */
  void remove(StateStore store, List<Object> stateKey, long start, long end) {
    store.remove(key(BY_KEY, null, stateKey, start));
    store.remove(key(BY_END, end, stateKey, start));
  }

  /**
   * Calls {@code consumer} for every stored session.
   *
   * @param store the store
   * @param consumer the consumer
   */
  void forEach(StateStore store, SessionConsumer consumer) {
    try (StateIterator it = store.prefixScan(keys.encodePrefix(List.of(BY_KEY)))) {
      while (it.hasNext()) {
        StateEntry e = it.next();
        List<Object> f = keys.decode(e.key());
        Piece p = piece((Long) f.get(f.size() - 1), e.value());
        consumer.accept(f.subList(2, f.size() - 1), p.start(), p.end(), p.buffer());
      }
    }
  }

  /**
   * Removes the sessions whose end is at or below the watermark, handing each to {@code consumer}
   * first (when not null).
   *
   * @param store the store
   * @param watermarkMicros the watermark
   * @param consumer receives each evicted session, or null
   * @return the number of sessions removed
   */
  long evict(StateStore store, long watermarkMicros, SessionConsumer consumer) {
    byte[] from = keys.encodePrefix(List.of(BY_END));
    byte[] to = keys.encodePrefix(List.of(BY_END, watermarkMicros + 1));
    List<byte[]> expired = new ArrayList<>();
    try (StateIterator it = store.rangeScan(from, to)) {
      while (it.hasNext()) {
        expired.add(it.next().key());
      }
    }
    for (byte[] index : expired) {
      List<Object> f = keys.decode(index);
      List<Object> stateKey = f.subList(2, f.size() - 1);
      long start = (Long) f.get(f.size() - 1);
      byte[] session = key(BY_KEY, null, stateKey, start);
      if (consumer != null) {
        Piece p = piece(start, store.get(session));
        consumer.accept(stateKey, start, p.end(), p.buffer());
      }
      store.remove(session);
      store.remove(index);
    }
    return expired.size();
  }

  private byte[] key(int kind, Long end, List<Object> stateKey, long start) {
    List<Object> f = new ArrayList<>(stateKey.size() + 3);
    f.add(kind);
    f.add(end);
    f.addAll(stateKey);
    f.add(start);
    return keys.encode(f);
  }

  private Piece piece(long start, byte[] value) {
    List<Object> v = codec.decodeValue(value);
    List<Object> buffer = new ArrayList<>(bufferTypes.size());
    for (int i = 0; i < bufferTypes.size(); i++) {
      buffer.add(StateValues.fromState(v.get(i + 1), bufferTypes.field(i).type()));
    }
    return new Piece(start, (Long) v.get(0), buffer, true);
  }
}
