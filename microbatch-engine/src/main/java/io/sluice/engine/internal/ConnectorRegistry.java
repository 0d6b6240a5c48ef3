package io.sluice.engine.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.connector.SinkProvider;
import io.sluice.api.connector.SourceProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;

/** Finds connector providers by format name (ServiceLoader) or by class name. */
public final class ConnectorRegistry {
  private ConnectorRegistry() {}

  /**
   * The source provider of a format.
   *
   * @param format the format name or a provider class name
   * @return the provider
   * @throws AnalysisException listing the known formats if none matches
   */
  public static SourceProvider source(String format) {
    return find(format, SourceProvider.class, SourceProvider::format, "source");
  }

  /**
   * The sink provider of a format.
   *
   * @param format the format name or a provider class name
   * @return the provider
   * @throws AnalysisException listing the known formats if none matches
   */
  public static SinkProvider sink(String format) {
    return find(format, SinkProvider.class, SinkProvider::format, "sink");
  }

  private static <T> T find(String format, Class<T> type, Function<T, String> name, String kind) {
    if (format == null || format.isBlank()) {
      throw new AnalysisException("No format given: call format(\"...\") on the " + kind);
    }
    List<T> all = new ArrayList<>();
    ServiceLoader.load(type, ConnectorRegistry.class.getClassLoader()).forEach(all::add);
    for (T p : all) {
      if (name.apply(p).equalsIgnoreCase(format) || p.getClass().getName().equals(format)) {
        return p;
      }
    }
    TreeSet<String> known = new TreeSet<>();
    all.forEach(p -> known.add(name.apply(p).toLowerCase(Locale.ROOT)));
    throw new AnalysisException("Unknown " + kind + " format '" + format + "'. Known " + kind
        + " formats: " + String.join(", ", known)
        + ". A connector registers itself in META-INF/services/" + type.getName()
        + "; add its module to the class path.");
  }
}
