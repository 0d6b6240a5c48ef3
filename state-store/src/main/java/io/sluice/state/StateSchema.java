package io.sluice.state;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The shape of one operator's state: key fields (encoded with {@link OrderedBytes}, in this order,
 * so put an event-time bucket first to make eviction by watermark a range scan) and value fields
 * (encoded as Avro binary). Recorded in the checkpoint on first use; reopening the state checks
 * the new schema against it (see {@link StateCodec#open}).
 *
 * @param keyFields the key fields, at least one
 * @param valueFields the value fields
 */
public record StateSchema(List<StateField> keyFields, List<StateField> valueFields) {

  /**
   * Validates the schema.
   *
   * @throws IllegalArgumentException if there is no key field, or a name repeats within keys or
   *     within values
   */
  public StateSchema {
    keyFields = List.copyOf(Objects.requireNonNull(keyFields, "keyFields"));
    valueFields = List.copyOf(Objects.requireNonNull(valueFields, "valueFields"));
    if (keyFields.isEmpty()) {
      throw new IllegalArgumentException("A state schema needs at least one key field");
    }
    unique(keyFields, "key");
    unique(valueFields, "value");
  }

  private static void unique(List<StateField> fields, String what) {
    Set<String> seen = new HashSet<>();
    for (StateField f : fields) {
      if (!seen.add(f.name())) {
        throw new IllegalArgumentException("Duplicate " + what + " field '" + f.name() + "'");
      }
    }
  }

  /**
   * Returns a copy with other value fields.
   *
   * @param fields the new value fields
   * @return the schema
   */
  public StateSchema withValueFields(List<StateField> fields) {
    return new StateSchema(keyFields, fields);
  }
}
