package io.sluice.engine.internal.tws;

import io.sluice.api.Row;
import io.sluice.api.types.DataType;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.stateful.StateValues;
import io.sluice.state.FieldType;
import io.sluice.state.KeyEncoder;
import io.sluice.state.StateField;
import io.sluice.state.StateSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How {@code transformWithState} lays out one partition's state store, which holds both the keys'
 * state and their timers. Every store key is
 *
 * <pre>
 *   (kind INT, timerMs LONG, k0 ... kn, keyTimerMs LONG)
 *   kind 0  state          (0, null, key..., null)  -> the key's state row
 *   kind 1  timer by time  (1, ts,   key..., null)  -> marker
 *   kind 2  timer by key   (2, null, key..., ts)    -> marker
 * </pre>
 *
 * <p>Timers by time sort by firing time, then key, so the due timers are one range scan from
 * {@code (1)} to {@code (1, now + 1)}; timers by key make a key's timers one prefix scan (Spark
 * keeps the same two indexes, in two column families). The key columns are typed fields, so a
 * restart with other key columns is caught by the state schema check. Values have one nullable
 * field per state field (markers hold nulls), so adding a state field is a compatible change.
 */
public final class TwsStateLayout {
  static final int STATE = 0;
  static final int TIMER_BY_TIME = 1;
  static final int TIMER_BY_KEY = 2;

  private final StructType keySchema;
  private final StructType stateSchema;
  private final StateSchema schema;
  private final KeyEncoder groupKeys;

  /**
   * Creates the layout.
   *
   * @param keySchema the grouping key columns
   * @param stateSchema the processor's state schema
   */
  public TwsStateLayout(StructType keySchema, StructType stateSchema) {
    this.keySchema = keySchema;
    this.stateSchema = stateSchema;
    List<StateField> keys = new ArrayList<>();
    keys.add(StateField.required("kind", FieldType.INT));
    keys.add(StateField.optional("timerMs", FieldType.LONG));
    for (int k = 0; k < keySchema.size(); k++) {
      keys.add(StateField.optional("k" + k, StateValues.fieldType(keySchema.field(k).type())));
    }
    keys.add(StateField.optional("keyTimerMs", FieldType.LONG));
    List<StateField> values = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (int i = 0; i < stateSchema.size(); i++) {
      String name = stateSchema.field(i).name();
      // Keep the user's names where they are valid field names: values then resolve by name when
      // the processor's state schema evolves.
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || !used.add(name)) {
        name = "f" + i;
        used.add(name);
      }
      values.add(StateField.optional(name, StateValues.fieldType(stateSchema.field(i).type())));
    }
    this.schema = new StateSchema(keys, values);
    this.groupKeys = new KeyEncoder(keys.subList(2, keys.size() - 1).stream().map(StateField::type).toList());
  }

  /** @return the schema of the store */
  public StateSchema schema() {
    return schema;
  }

  /** @return the grouping key columns */
  public StructType keySchema() {
    return keySchema;
  }

  /** @return the processor's state schema */
  public StructType stateSchema() {
    return stateSchema;
  }

  /**
   * Converts a key row's values to their state representation.
   *
   * @param key the key values
   * @return the state values
   */
  List<Object> toStateKey(Object[] key) {
    List<Object> out = new ArrayList<>(key.length);
    for (int k = 0; k < key.length; k++) {
      out.add(StateValues.toState(key[k], keySchema.field(k).type()));
    }
    return out;
  }

  /**
   * Encodes a grouping key on its own, to find a key's rows and context in a batch.
   *
   * @param stateKey the key in state representation
   * @return its bytes
   */
  byte[] groupKey(List<Object> stateKey) {
    return groupKeys.encode(stateKey);
  }

  /**
   * Converts key values in state representation back to a key row.
   *
   * @param stateKey the state values
   * @return the key row
   */
  Row toKeyRow(List<Object> stateKey) {
    Object[] values = new Object[stateKey.size()];
    for (int k = 0; k < values.length; k++) {
      values[k] = StateValues.fromState(stateKey.get(k), keySchema.field(k).type());
    }
    return Row.withSchema(keySchema, values);
  }

  /**
   * The fields of a store key.
   *
   * @param kind the entry kind
   * @param timerMs the timer for {@link #TIMER_BY_TIME}, else null
   * @param stateKey the grouping key in state representation, or null for a prefix without it
   * @param keyTimerMs the timer for {@link #TIMER_BY_KEY}, else null
   * @return the fields, for the key encoder
   */
  static List<Object> fields(int kind, Long timerMs, List<Object> stateKey, Long keyTimerMs) {
    List<Object> f = new ArrayList<>(3 + (stateKey == null ? 0 : stateKey.size()));
    f.add(kind);
    f.add(timerMs);
    if (stateKey != null) {
      f.addAll(stateKey);
      f.add(keyTimerMs);
    }
    return f;
  }

  /**
   * Encodes a state row as value fields.
   *
   * @param row the row, of the state schema
   * @return the value fields
   * @throws IllegalArgumentException if the row has the wrong number of values
   */
  List<Object> toStateValue(Row row) {
    if (row.size() != stateSchema.size()) {
      throw new IllegalArgumentException("the state row " + row + " has " + row.size()
          + " values, but the processor's stateSchema() " + stateSchema.simpleString() + " has "
          + stateSchema.size() + " fields");
    }
    List<Object> out = new ArrayList<>(row.size());
    for (int i = 0; i < row.size(); i++) {
      DataType t = stateSchema.field(i).type();
      out.add(StateValues.toState(widen(row.get(i), schema.valueFields().get(i).type()), t));
    }
    return out;
  }

  /** An int given for a long field is accepted, as Java's own widening would. */
  private static Object widen(Object v, FieldType t) {
    return t == FieldType.LONG && v instanceof Integer i ? Long.valueOf(i) : v;
  }

  /**
   * Decodes value fields to a state row.
   *
   * @param values the value fields
   * @return the row, with the state schema
   */
  Row toStateRow(List<Object> values) {
    Object[] out = new Object[stateSchema.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = StateValues.fromState(values.get(i), stateSchema.field(i).type());
    }
    return Row.withSchema(stateSchema, out);
  }

  /** @return the value of timer markers: every field null */
  List<Object> markerValue() {
    return Arrays.asList(new Object[stateSchema.size()]);
  }
}
