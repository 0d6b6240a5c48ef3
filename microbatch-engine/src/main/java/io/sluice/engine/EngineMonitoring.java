package io.sluice.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.api.StreamSession;
import io.sluice.engine.internal.SessionImpl;

/**
 * Access to a session's metrics and monitoring HTTP server ({@link EngineOptions#HTTP_PORT}).
 * Every query of the session reports to one Micrometer registry backed by Prometheus; the HTTP
 * server exposes it at {@code /metrics}.
 */
public final class EngineMonitoring {
  private EngineMonitoring() {}

  /**
   * The session's meter registry, for adding application meters next to the engine's.
   *
   * @param session a session of this engine
   * @return the registry
   */
  public static MeterRegistry registry(StreamSession session) {
    return impl(session).metrics().registry();
  }

  /**
   * The session's metrics in Prometheus text format, as {@code /metrics} serves them.
   *
   * @param session a session of this engine
   * @return the exposition text
   */
  public static String scrape(StreamSession session) {
    return impl(session).metrics().scrape();
  }

  /**
   * The port the monitoring HTTP server listens on (useful with {@code sluice.http.port=0}).
   *
   * @param session a session of this engine
   * @return the port, or -1 if no server runs
   */
  public static int httpPort(StreamSession session) {
    return impl(session).httpPort();
  }

  private static SessionImpl impl(StreamSession session) {
    if (session instanceof SessionImpl s) {
      return s;
    }
    throw new IllegalArgumentException("Not a session of the Sluice micro-batch engine: " + session.getClass());
  }
}
