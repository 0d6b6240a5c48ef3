package io.sluice.api.connector;

import io.sluice.api.StreamSession;
import java.util.Map;

/**
 * Service interface an engine implements (registered in {@code META-INF/services}) so that
 * {@link StreamSession#builder()} can create sessions without the API depending on the engine.
 */
public interface EngineFactory {
  /**
   * Creates a session.
   *
   * @param appName the application name
   * @param conf the configuration, option key → value
   * @return the session
   */
  StreamSession createSession(String appName, Map<String, String> conf);
}
