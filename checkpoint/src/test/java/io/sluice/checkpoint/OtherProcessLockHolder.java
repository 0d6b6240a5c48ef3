package io.sluice.checkpoint;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Run in a child JVM by {@link CheckpointLockAcrossProcessesTest}: tries to lock {@code
 * <root>/.lock} the way another Sluice process would and prints {@code locked} or {@code busy}. If
 * it got the lock, it holds it until its stdin closes. Uses only the JDK so the child needs no
 * classpath beyond this class.
 */
public final class OtherProcessLockHolder {
  private OtherProcessLockHolder() {}

  public static void main(String[] args) throws Exception {
    try (FileChannel ch =
            FileChannel.open(Path.of(args[0], ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock()) {
      System.out.println(lock == null ? "busy" : "locked");
      System.out.flush();
      while (lock != null && System.in.read() >= 0) {
        // Hold the lock until the parent closes our stdin.
      }
    }
  }
}
