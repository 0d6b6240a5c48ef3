package io.sluice.api;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A typed configuration option: a key, a type, a default, a validator and a line of documentation.
 * Every module declares its options as constants in one {@code *Options} class, so their docs can be
 * generated and a wrong value is rejected with a message naming the key.
 *
 * @param <T> the value type
 */
public final class ConfigOption<T> {
  private final String key;
  private final Class<T> type;
  private final T defaultValue;
  private final Predicate<T> validator;
  private final String requirement;
  private final String doc;

  private ConfigOption(
      String key, Class<T> type, T defaultValue, Predicate<T> validator, String requirement, String doc) {
    this.key = Objects.requireNonNull(key, "key");
    this.type = Objects.requireNonNull(type, "type");
    this.defaultValue = defaultValue;
    this.validator = validator;
    this.requirement = requirement;
    this.doc = doc;
  }

  /**
   * Declares an integer option.
   *
   * @param key the option key
   * @param defaultValue the default
   * @param doc what the option does
   * @return the option, without a validator
   */
  public static ConfigOption<Integer> intOption(String key, Integer defaultValue, String doc) {
    return new ConfigOption<>(key, Integer.class, defaultValue, v -> true, null, doc);
  }

  /**
   * Declares a long option.
   *
   * @param key the option key
   * @param defaultValue the default
   * @param doc what the option does
   * @return the option, without a validator
   */
  public static ConfigOption<Long> longOption(String key, Long defaultValue, String doc) {
    return new ConfigOption<>(key, Long.class, defaultValue, v -> true, null, doc);
  }

  /**
   * Declares a double option.
   *
   * @param key the option key
   * @param defaultValue the default
   * @param doc what the option does
   * @return the option, without a validator
   */
  public static ConfigOption<Double> doubleOption(String key, Double defaultValue, String doc) {
    return new ConfigOption<>(key, Double.class, defaultValue, v -> true, null, doc);
  }

  /**
   * Declares a boolean option.
   *
   * @param key the option key
   * @param defaultValue the default
   * @param doc what the option does
   * @return the option
   */
  public static ConfigOption<Boolean> booleanOption(String key, Boolean defaultValue, String doc) {
    return new ConfigOption<>(key, Boolean.class, defaultValue, v -> true, null, doc);
  }

  /**
   * Declares a string option.
   *
   * @param key the option key
   * @param defaultValue the default, may be null for "unset"
   * @param doc what the option does
   * @return the option, without a validator
   */
  public static ConfigOption<String> stringOption(String key, String defaultValue, String doc) {
    return new ConfigOption<>(key, String.class, defaultValue, v -> true, null, doc);
  }

  /**
   * Declares a duration option; values parse as ISO-8601 ({@code PT5S}) or as {@code "5 seconds"}.
   *
   * @param key the option key
   * @param defaultValue the default
   * @param doc what the option does
   * @return the option, without a validator
   */
  public static ConfigOption<Duration> durationOption(String key, Duration defaultValue, String doc) {
    return new ConfigOption<>(key, Duration.class, defaultValue, v -> true, null, doc);
  }

  /**
   * Returns a copy that accepts only values passing {@code validator}.
   *
   * @param validator the check
   * @param requirement what a valid value is, e.g. "a positive integer"; used in error messages
   * @return the new option
   */
  public ConfigOption<T> withValidator(Predicate<T> validator, String requirement) {
    return new ConfigOption<>(key, type, defaultValue, validator, requirement, doc);
  }

  /** @return the key, e.g. {@code sluice.shuffle.partitions} */
  public String key() {
    return key;
  }

  /** @return the value type */
  public Class<T> type() {
    return type;
  }

  /** @return the default value, or null if the option has none */
  public T defaultValue() {
    return defaultValue;
  }

  /** @return the documentation line */
  public String doc() {
    return doc;
  }

  /** @return what a valid value is, or null if any value of the type is valid */
  public String requirement() {
    return requirement;
  }

  /**
   * Checks a typed value.
   *
   * @param value the value
   * @return the value
   * @throws IllegalArgumentException naming the key and the requirement if the value is invalid
   */
  public T validate(T value) {
    if (value != null && !validator.test(value)) {
      throw new IllegalArgumentException(
          "Invalid value '" + value + "' for option '" + key + "': expected " + requirement);
    }
    return value;
  }

  /**
   * Parses and validates a value given as text, as options arrive from {@code option(k, v)}.
   *
   * @param raw the text
   * @return the typed value
   * @throws IllegalArgumentException naming the key, the value and what was expected
   */
  public T parse(String raw) {
    if (raw == null) {
      return defaultValue;
    }
    String s = raw.trim();
    T value;
    try {
      value = type.cast(converter().apply(s));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Invalid value '" + raw + "' for option '" + key + "': expected "
              + (requirement != null ? requirement : "a " + type.getSimpleName().toLowerCase(Locale.ROOT)),
          e);
    }
    return validate(value);
  }

  private Function<String, Object> converter() {
    if (type == Integer.class) {
      return Integer::valueOf;
    } else if (type == Long.class) {
      return Long::valueOf;
    } else if (type == Double.class) {
      return Double::valueOf;
    } else if (type == Boolean.class) {
      return s -> {
        if (s.equalsIgnoreCase("true")) {
          return Boolean.TRUE;
        } else if (s.equalsIgnoreCase("false")) {
          return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean: " + s);
      };
    } else if (type == Duration.class) {
      return Durations::parse;
    } else if (type == String.class) {
      return s -> s;
    }
    throw new IllegalStateException("unsupported option type " + type);
  }

  @Override
  public String toString() {
    return key;
  }
}
