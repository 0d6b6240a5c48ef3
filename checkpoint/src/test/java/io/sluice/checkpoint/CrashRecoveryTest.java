package io.sluice.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash between writing the temp file and renaming it leaves a {@code .<name>.<uuid>.tmp} file
 * next to the log, simulated here by creating one by hand.
 */
class CrashRecoveryTest {
  @TempDir Path root;

  @Test
  void tempFileOfAnUnfinishedWriteIsIgnoredByTheLog() throws Exception {
    try (Checkpoint checkpoint = Checkpoint.open(root)) {
      checkpoint.offsets().write(0, new OffsetEntry(0, 0, Map.of(), List.of("1")));
      Files.writeString(root.resolve("offsets/.1.0f8e0c1a-tmp-of-a-crash.tmp"), "v1\n{\"batchWat");

      assertThat(checkpoint.offsets().latestBatchId()).hasValue(0);
      assertThat(checkpoint.offsets().get(1)).isEmpty();
      // The batch whose write was interrupted can be written again.
      OffsetEntry retried = new OffsetEntry(0, 1, Map.of(), List.of("2"));
      checkpoint.offsets().write(1, retried);
      assertThat(checkpoint.offsets().get(1)).contains(retried);
    }
  }

  @Test
  void reopenDeletesLeftoverTempFilesAndLeavesTheLogsAsBefore() throws Exception {
    OffsetEntry offsets = new OffsetEntry(0, 0, Map.of(), List.of("1"));
    try (Checkpoint checkpoint = Checkpoint.open(root)) {
      checkpoint.offsets().write(0, offsets);
      checkpoint.commits().write(0, new CommitEntry(7));
    }
    List<Path> leftovers =
        List.of(
            root.resolve("offsets/.1.aaa.tmp"),
            root.resolve("commits/.0.bbb.tmp"),
            root.resolve("commits/.1.ccc.tmp"),
            root.resolve(".metadata.ddd.tmp"));
    for (Path p : leftovers) {
      Files.writeString(p, "partial");
    }
    Path stateFile = Files.createDirectories(root.resolve("state/op")).resolve(".keep.tmp");
    Files.writeString(stateFile, "not ours");

    try (Checkpoint checkpoint = Checkpoint.open(root)) {
      assertThat(leftovers).allSatisfy(p -> assertThat(p).doesNotExist());
      assertThat(stateFile).exists();
      assertThat(checkpoint.offsets().batchIds()).containsExactly(0L);
      assertThat(checkpoint.offsets().get(0)).contains(offsets);
      assertThat(checkpoint.commits().batchIds()).containsExactly(0L);
      assertThat(checkpoint.commits().get(0)).contains(new CommitEntry(7));
      assertThat(root.resolve("metadata")).doesNotExist();
    }
  }

  @Test
  void successfulWritesLeaveNoTempFiles() throws Exception {
    try (Checkpoint checkpoint = Checkpoint.open(root)) {
      checkpoint.queryId(() -> "q");
      checkpoint.offsets().write(0, new OffsetEntry(0, 0, Map.of(), List.of()));
      checkpoint.commits().write(0, new CommitEntry(0));
    }
    try (var files = Files.walk(root)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }
}
