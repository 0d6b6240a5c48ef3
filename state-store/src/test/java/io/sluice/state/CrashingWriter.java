package io.sluice.state;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * Child process for {@link CrashRecoveryTest}: commits version after version until killed. Version
 * v holds keys {@code k<i>-<j>} for i < v and {@code latest = v}; each commit is printed.
 */
public final class CrashingWriter {
  private CrashingWriter() {}

  public static void main(String[] args) {
    Path checkpoint = Paths.get(args[0]);
    StateStoreConf conf =
        StoreTestSupport.conf(args[1], Paths.get(args[2]))
            .with(StateStoreOptions.MIN_DELTAS_FOR_SNAPSHOT, 3)
            .with(StateStoreOptions.MAINTENANCE_INTERVAL, Duration.ofMillis(20));
    StateStoreProvider p = StateStoreProviders.open(new StateStoreId(checkpoint, 9, 0), conf);
    for (long v = 0; ; v++) {
      StateStore s = p.getStore(v);
      for (int j = 0; j < 2000; j++) {
        s.put(StoreTestSupport.b("k" + v + "-" + j), new byte[64]);
      }
      s.put(StoreTestSupport.b("latest"), StoreTestSupport.b(Long.toString(v + 1)));
      s.commit();
      System.out.println(v + 1);
      System.out.flush();
    }
  }
}
