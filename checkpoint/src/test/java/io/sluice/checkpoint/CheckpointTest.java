package io.sluice.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.CheckpointException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path tmp;

  @Test
  void openCreatesTheLayout() {
    Path root = tmp.resolve("a/b/ckpt");
    try (Checkpoint checkpoint = Checkpoint.open(root)) {
      assertThat(checkpoint.root()).isEqualTo(root.toAbsolutePath());
      assertThat(root.resolve("offsets")).isDirectory();
      assertThat(root.resolve("commits")).isDirectory();
      assertThat(checkpoint.stateDir()).isEqualTo(root.resolve("state")).isDirectory();
      assertThat(checkpoint.sourceDir(2)).isEqualTo(root.resolve("sources/2")).isDirectory();
      assertThat(root.resolve("sources/0")).doesNotExist();
    }
  }

  @Test
  void secondOpenOfTheSameRootFailsWhileTheFirstIsOpen() {
    try (Checkpoint first = Checkpoint.open(tmp)) {
      String id = first.queryId(() -> "q-123");

      assertThatThrownBy(() -> Checkpoint.open(tmp))
          .isInstanceOf(CheckpointException.class)
          .hasMessage(
              "Checkpoint " + tmp.toAbsolutePath() + " is in use by another running query (id " + id
                  + "). Stop that query first, or use another checkpointLocation.");
      // The failed open must not have disturbed the holder.
      first.commits().write(0, new CommitEntry(0));
    }
  }

  @Test
  void secondOpenThroughAnotherSpellingOfTheRootFails() throws Exception {
    Files.createDirectories(tmp.resolve("ckpt"));
    Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("ckpt"));
    try (Checkpoint first = Checkpoint.open(tmp.resolve("ckpt"))) {
      assertThatThrownBy(() -> Checkpoint.open(tmp.resolve("link")))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("is in use by another running query (id not yet assigned)");
      assertThatThrownBy(() -> Checkpoint.open(tmp.resolve("x/../ckpt")))
          .isInstanceOf(CheckpointException.class);
      first.commits().write(0, new CommitEntry(0));
    }
  }

  @Test
  void openAfterCloseSucceeds() {
    Checkpoint first = Checkpoint.open(tmp);
    first.close();
    first.close();

    try (Checkpoint second = Checkpoint.open(tmp)) {
      assertThat(second.offsets().latestBatchId()).isEmpty();
    }
  }

  @Test
  void closedCheckpointRefusesUse() {
    Checkpoint checkpoint = Checkpoint.open(tmp);
    OffsetLog offsets = checkpoint.offsets();
    checkpoint.close();

    assertThatThrownBy(() -> offsets.write(0, new OffsetEntry(0, 0, Map.of(), List.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
    assertThatThrownBy(checkpoint::commits).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> checkpoint.queryId(() -> "x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void queryIdIsWrittenOnceAndReadBackAcrossReopen() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Checkpoint checkpoint = Checkpoint.open(tmp)) {
      assertThat(checkpoint.queryId(() -> "id-" + calls.incrementAndGet())).isEqualTo("id-1");
      assertThat(checkpoint.queryId(() -> "id-" + calls.incrementAndGet())).isEqualTo("id-1");
    }
    assertThat(Files.readString(tmp.resolve("metadata"))).isEqualTo("{\"id\":\"id-1\"}");

    try (Checkpoint checkpoint = Checkpoint.open(tmp)) {
      assertThat(checkpoint.queryId(() -> "id-" + calls.incrementAndGet())).isEqualTo("id-1");
    }
    assertThat(calls).hasValue(1);
  }

  @Test
  void blankNewQueryIdIsRejected() {
    try (Checkpoint checkpoint = Checkpoint.open(tmp)) {
      assertThatThrownBy(() -> checkpoint.queryId(() -> " ")).isInstanceOf(IllegalArgumentException.class);
      assertThat(tmp.resolve("metadata")).doesNotExist();
    }
  }

  @Test
  void purgeKeepsExactlyTheLastMinBatchesToRetainOfBothLogs() throws Exception {
    try (Checkpoint checkpoint = Checkpoint.open(tmp)) {
      for (long id = 0; id < 10; id++) {
        checkpoint.offsets().write(id, new OffsetEntry(0, 0, Map.of(), List.of()));
        checkpoint.commits().write(id, new CommitEntry(0));
      }
      Files.writeString(checkpoint.sourceDir(0).resolve("0"), "source log");
      Files.writeString(checkpoint.stateDir().resolve("0"), "state");
      checkpoint.queryId(() -> "q");

      checkpoint.purge(9, 3);

      assertThat(checkpoint.offsets().batchIds()).containsExactly(7L, 8L, 9L);
      assertThat(checkpoint.commits().batchIds()).containsExactly(7L, 8L, 9L);
      assertThat(tmp.resolve("sources/0/0")).exists();
      assertThat(tmp.resolve("state/0")).exists();
      assertThat(tmp.resolve("metadata")).exists();

      checkpoint.purge(9, 1);
      assertThat(checkpoint.offsets().batchIds()).containsExactly(9L);
      assertThat(checkpoint.commits().batchIds()).containsExactly(9L);
    }
  }

  @Test
  void purgeWithFewerBatchesThanRetainedDeletesNothing() {
    try (Checkpoint checkpoint = Checkpoint.open(tmp)) {
      checkpoint.offsets().write(0, new OffsetEntry(0, 0, Map.of(), List.of()));
      checkpoint.offsets().write(1, new OffsetEntry(0, 0, Map.of(), List.of()));
      checkpoint.commits().write(0, new CommitEntry(0));

      checkpoint.purge(1, CheckpointOptions.MIN_BATCHES_TO_RETAIN.defaultValue());

      assertThat(checkpoint.offsets().batchIds()).containsExactly(0L, 1L);
      assertThat(checkpoint.commits().batchIds()).containsExactly(0L);
    }
  }

  @Test
  void purgeNeverDeletesTheLatestEntryOfALog() {
    try (Checkpoint checkpoint = Checkpoint.open(tmp)) {
      checkpoint.offsets().write(5, new OffsetEntry(0, 0, Map.of(), List.of()));
      checkpoint.commits().write(3, new CommitEntry(0));

      checkpoint.purge(100, 2);

      assertThat(checkpoint.offsets().batchIds()).containsExactly(5L);
      assertThat(checkpoint.commits().batchIds()).containsExactly(3L);
    }
  }

  @Test
  void purgeRejectsRetainingNoBatch() {
    try (Checkpoint checkpoint = Checkpoint.open(tmp)) {
      assertThatThrownBy(() -> checkpoint.purge(5, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("sluice.checkpoint.minBatchesToRetain");
    }
  }

  @Test
  void minBatchesToRetainOptionHasItsKeyDefaultAndValidator() {
    assertThat(CheckpointOptions.MIN_BATCHES_TO_RETAIN.key()).isEqualTo("sluice.checkpoint.minBatchesToRetain");
    assertThat(CheckpointOptions.MIN_BATCHES_TO_RETAIN.defaultValue()).isEqualTo(100);
    assertThat(CheckpointOptions.MIN_BATCHES_TO_RETAIN.parse("1")).isEqualTo(1);
    assertThatThrownBy(() -> CheckpointOptions.MIN_BATCHES_TO_RETAIN.parse("0"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rootThatIsAFileCannotBeOpened() throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> Checkpoint.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file.toString());
  }
}
