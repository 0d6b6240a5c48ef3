package io.sluice.engine.internal;

import io.sluice.api.StreamSession;
import io.sluice.api.connector.EngineFactory;
import java.util.Map;

/** Registered in META-INF/services so {@code StreamSession.builder()} finds this engine. */
public final class SluiceEngineFactory implements EngineFactory {
  @Override
  public StreamSession createSession(String appName, Map<String, String> conf) {
    return new SessionImpl(appName, conf);
  }
}
