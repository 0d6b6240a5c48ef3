package io.sluice.state;

import io.sluice.api.ConfigOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable set of {@link StateStoreOptions} values; options not set take their default.
 */
public final class StateStoreConf {
  private static final StateStoreConf DEFAULTS = new StateStoreConf(Map.of());

  private final Map<String, Object> values;

  private StateStoreConf(Map<String, Object> values) {
    this.values = values;
  }

  /** @return the configuration where every option has its default */
  public static StateStoreConf defaults() {
    return DEFAULTS;
  }

  /**
   * Reads the {@code sluice.state.*} entries of a map of option strings (other keys are ignored).
   *
   * @param options keys and textual values, e.g. from the session configuration
   * @return the configuration
   * @throws IllegalArgumentException if a value is invalid, or a {@code sluice.state.*} key is not
   *     an option (the message names the key)
   */
  public static StateStoreConf fromMap(Map<String, String> options) {
    StateStoreConf conf = DEFAULTS;
    for (Map.Entry<String, String> e : options.entrySet()) {
      if (!e.getKey().startsWith("sluice.state.")) {
        continue;
      }
      ConfigOption<?> option =
          StateStoreOptions.all().stream()
              .filter(o -> o.key().equals(e.getKey()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "Unknown state store option '" + e.getKey() + "'; known options: "
                              + StateStoreOptions.all()));
      conf = conf.withParsed(option, e.getValue());
    }
    return conf;
  }

  private <T> StateStoreConf withParsed(ConfigOption<T> option, String raw) {
    return with(option, option.parse(raw));
  }

  /**
   * Returns a copy with one option set.
   *
   * @param option the option
   * @param value its value, non-null
   * @param <T> the value type
   * @return the new configuration
   * @throws IllegalArgumentException if the value is invalid
   */
  public <T> StateStoreConf with(ConfigOption<T> option, T value) {
    Objects.requireNonNull(value, "value");
    option.validate(value);
    Map<String, Object> copy = new HashMap<>(values);
    copy.put(option.key(), value);
    return new StateStoreConf(Collections.unmodifiableMap(copy));
  }

  /**
   * Reads an option.
   *
   * @param option the option
   * @param <T> the value type
   * @return the value set, or the option's default
   */
  public <T> T get(ConfigOption<T> option) {
    Object v = values.get(option.key());
    return v == null ? option.defaultValue() : option.type().cast(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateStoreConf other && other.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "StateStoreConf" + values;
  }
}
