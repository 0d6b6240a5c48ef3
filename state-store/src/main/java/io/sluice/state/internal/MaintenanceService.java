package io.sluice.state.internal;

import io.sluice.state.StateStoreProvider;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread per process that periodically runs {@link StateStoreProvider#doMaintenance()}
 * on every open provider. The first registration fixes the period.
 */
public final class MaintenanceService {
  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceService.class);
  private static final Set<StateStoreProvider> PROVIDERS = ConcurrentHashMap.newKeySet();
  private static ScheduledExecutorService executor;

  private MaintenanceService() {}

  public static synchronized void register(StateStoreProvider provider, Duration interval) {
    PROVIDERS.add(provider);
    if (executor == null) {
      executor =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "sluice-state-maintenance");
                t.setDaemon(true);
                return t;
              });
      long ms = Math.max(1, interval.toMillis());
      executor.scheduleWithFixedDelay(MaintenanceService::runOnce, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  public static void unregister(StateStoreProvider provider) {
    PROVIDERS.remove(provider);
  }

  private static void runOnce() {
    for (StateStoreProvider p : PROVIDERS) {
      try {
        p.doMaintenance();
      } catch (RuntimeException e) {
        LOG.warn("State store maintenance failed for {}", p.id(), e);
      }
    }
  }
}
