package io.sluice.api.connector;

import io.sluice.api.AnalysisException;
import io.sluice.api.ConfigOption;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The options a user gave a connector, looked up case-insensitively (as Spark does) and typed
 * through {@link ConfigOption}s. Immutable.
 */
public final class ConnectorOptions {
  private final Map<String, String> original;
  private final Map<String, String> lower;

  /**
   * Wraps options.
   *
   * @param options key → value as given
   */
  public ConnectorOptions(Map<String, String> options) {
    this.original = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    Map<String, String> l = new LinkedHashMap<>();
    options.forEach((k, v) -> l.put(k.toLowerCase(Locale.ROOT), v));
    this.lower = Collections.unmodifiableMap(l);
  }

  /** @return the options as given */
  public Map<String, String> asMap() {
    return original;
  }

  /**
   * A raw option value.
   *
   * @param key the key, any case
   * @return the value if set
   */
  public Optional<String> get(String key) {
    return Optional.ofNullable(lower.get(key.toLowerCase(Locale.ROOT)));
  }

  /**
   * Whether an option is set.
   *
   * @param key the key, any case
   * @return true if set
   */
  public boolean contains(String key) {
    return lower.containsKey(key.toLowerCase(Locale.ROOT));
  }

  /**
   * A typed option value, or its default.
   *
   * @param option the option
   * @param <T> the type
   * @return the value
   * @throws AnalysisException naming the option if the value is invalid
   */
  public <T> T get(ConfigOption<T> option) {
    String raw = lower.get(option.key().toLowerCase(Locale.ROOT));
    try {
      return option.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new AnalysisException(e.getMessage(), e);
    }
  }

  /**
   * A required raw option.
   *
   * @param key the key
   * @param format the connector format, for the message
   * @return the value
   * @throws AnalysisException if missing
   */
  public String require(String key, String format) {
    return get(key).orElseThrow(() -> new AnalysisException(
        "Option '" + key + "' is required for format '" + format + "'"));
  }

  /**
   * The options whose key starts with a prefix, with the prefix removed (e.g. {@code kafka.}).
   *
   * @param prefix the prefix, any case
   * @return the matching options
   */
  public Map<String, String> withPrefix(String prefix) {
    String p = prefix.toLowerCase(Locale.ROOT);
    Map<String, String> out = new LinkedHashMap<>();
    original.forEach((k, v) -> {
      if (k.toLowerCase(Locale.ROOT).startsWith(p)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  /**
   * Fails on options the connector does not know, so a typo is not silently ignored.
   *
   * @param format the connector format, for the message
   * @param known the options the connector reads
   * @param allowedPrefixes prefixes passed through (e.g. {@code kafka.}), may be empty
   * @throws AnalysisException naming the unknown option and listing the known ones
   */
  public void checkKnown(String format, Collection<ConfigOption<?>> known, Set<String> allowedPrefixes) {
    Set<String> knownKeys = known.stream()
        .map(o -> o.key().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    for (String k : original.keySet()) {
      String lk = k.toLowerCase(Locale.ROOT);
      if (knownKeys.contains(lk) || lk.equals("path") || lk.equals("checkpointlocation")) {
        continue;
      }
      if (allowedPrefixes.stream().anyMatch(p -> lk.startsWith(p.toLowerCase(Locale.ROOT)))) {
        continue;
      }
      Set<String> names = new TreeSet<>();
      known.forEach(o -> names.add(o.key()));
      throw new AnalysisException("Unknown option '" + k + "' for format '" + format + "'. "
          + (names.isEmpty() ? "Format '" + format + "' takes no options"
              : "Known options: " + String.join(", ", names))
          + (allowedPrefixes.isEmpty() ? "" : ", and any option starting with " + allowedPrefixes));
    }
  }
}
