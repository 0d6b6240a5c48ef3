package io.sluice.state;

import static io.sluice.state.StoreTestSupport.b;
import static io.sluice.state.StoreTestSupport.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.CheckpointException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CrashRecoveryTest {
  @TempDir Path checkpoint;
  @TempDir Path local;

  static Stream<String> providers() {
    return StoreTestSupport.providers();
  }

  @ParameterizedTest
  @MethodSource("providers")
  void aHalfWrittenChangelogIsIgnoredAndCleanedUp(String provider) throws IOException {
    StateStoreId id = new StateStoreId(checkpoint, 8, 0);
    StateStoreConf conf = StoreTestSupport.conf(provider, local);
    try (StateStoreProvider p = StateStoreProviders.open(id, conf)) {
      for (int v = 0; v < 2; v++) {
        StateStore s = p.getStore(v);
        s.put(b("a"), b("" + (v + 1)));
        s.commit();
      }
    }
    // What a crash between writing and renaming version 3's changelog leaves behind.
    Path dir = id.storeDirectory();
    byte[] real = Files.readAllBytes(dir.resolve("2.changelog"));
    Path orphan = dir.resolve(".3.changelog.1234.tmp");
    Files.write(orphan, java.util.Arrays.copyOf(real, real.length / 2));

    try (StateStoreProvider p = StateStoreProviders.open(id, conf)) {
      assertThat(p.committedVersions()).containsExactly(0L, 1L, 2L);
      assertThatThrownBy(() -> p.getStore(3))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("never committed");
      StateStore s = p.getStore(2);
      assertThat(s(s.get(b("a")))).isEqualTo("2");
      s.put(b("a"), b("3"));
      s.commit();
      p.doMaintenance();
      assertThat(orphan).doesNotExist();
      assertThat(s(p.getStore(3).get(b("a")))).isEqualTo("3");
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void killingTheProcessMidCommitLeavesTheLastCommittedVersionLoadable(String provider)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashingWriter.class.getName(),
                checkpoint.toString(),
                provider,
                local.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    long lastReported = 0;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lastReported = Long.parseLong(line.trim());
        if (lastReported >= 12) {
          break;
        }
      }
      // Kill -9 while the child is writing, committing or uploading the next versions.
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(lastReported).as("versions the child committed").isGreaterThanOrEqualTo(12);

    StateStoreId id = new StateStoreId(checkpoint, 9, 0);
    try (StateStoreProvider p =
        StateStoreProviders.open(id, StoreTestSupport.conf(provider, local))) {
      long latest = p.committedVersions().last();
      assertThat(latest).isGreaterThanOrEqualTo(lastReported);
      for (long v = latest; v >= latest - 3; v--) {
        StateStore s = p.getStore(v);
        assertThat(s(s.get(b("latest")))).isEqualTo(Long.toString(v));
        assertThat(s.metrics().rows()).isEqualTo(2000 * v + 1);
        s.abort();
      }
      StateStore next = p.getStore(latest);
      next.put(b("after-crash"), b("ok"));
      assertThat(next.commit()).isEqualTo(latest + 1);
      p.doMaintenance();
    }
    try (Stream<Path> files = Files.walk(id.storeDirectory())) {
      assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }
  }
}
