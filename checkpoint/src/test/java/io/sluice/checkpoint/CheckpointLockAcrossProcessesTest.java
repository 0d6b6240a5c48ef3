package io.sluice.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.CheckpointException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The lock as another process sees it, checked with a child JVM running {@link OtherProcessLockHolder}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CheckpointLockAcrossProcessesTest {
  @TempDir Path root;

  @Test
  void checkpointLockedByAnotherProcessCannotBeOpenedUntilThatProcessEnds() throws Exception {
    try (Checkpoint checkpoint = Checkpoint.open(root)) {
      checkpoint.queryId(() -> "q-other");
    }
    Process child = startLockHolder();
    try {
      assertThat(firstLine(child)).isEqualTo("locked");

      assertThatThrownBy(() -> Checkpoint.open(root))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("is in use by another running query (id q-other)");

      child.getOutputStream().close();
      assertThat(child.waitFor()).isZero();
    } finally {
      child.destroyForcibly();
    }

    try (Checkpoint checkpoint = Checkpoint.open(root)) {
      assertThat(checkpoint.queryId(() -> "new")).isEqualTo("q-other");
    }
  }

  @Test
  void openCheckpointIsLockedAgainstOtherProcesses() throws Exception {
    try (Checkpoint checkpoint = Checkpoint.open(root)) {
      assertThat(runLockHolderOnce()).isEqualTo("busy");
      checkpoint.commits().write(0, new CommitEntry(0));
    }
    assertThat(runLockHolderOnce()).isEqualTo("locked");
  }

  /**
   * POSIX drops all of a process's locks on a file when any descriptor of it closes, so a failed
   * second open in the same JVM must not open and close the lock file.
   */
  @Test
  void failedSecondOpenInTheSameJvmKeepsTheFirstLockAgainstOtherProcesses() throws Exception {
    try (Checkpoint checkpoint = Checkpoint.open(root)) {
      assertThatThrownBy(() -> Checkpoint.open(root)).isInstanceOf(CheckpointException.class);

      assertThat(runLockHolderOnce()).isEqualTo("busy");
      checkpoint.commits().write(0, new CommitEntry(0));
    }
  }

  private String runLockHolderOnce() throws Exception {
    Process child = startLockHolder();
    try {
      String line = firstLine(child);
      child.getOutputStream().close();
      assertThat(child.waitFor()).isZero();
      return line;
    } finally {
      child.destroyForcibly();
    }
  }

  private Process startLockHolder() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classes =
        Path.of(OtherProcessLockHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    return new ProcessBuilder(java, "-cp", classes, OtherProcessLockHolder.class.getName(), root.toString())
        .redirectErrorStream(true)
        .start();
  }

  private static String firstLine(Process child) throws IOException {
    return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }
}
