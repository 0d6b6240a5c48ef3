package io.sluice.state.internal;

import io.sluice.api.CheckpointException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams one batch's puts and removes to a temporary file in the store directory, so a large
 * batch does not have to fit in memory; {@link #commit} seals, fsyncs and renames it to
 * {@code <version>.changelog}. Until then readers do not see it.
 */
final class ChangelogWriter {
  private final Path target;
  private final long version;
  private Path tmp;
  private FileChannel channel;
  private RecordFileWriter writer;

  ChangelogWriter(Path target, long version) {
    this.target = target;
    this.version = version;
  }

  Path tempFile() {
    return tmp;
  }

  void put(byte[] key, byte[] value) {
    try {
      open().put(key, value);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  void delete(byte[] key) {
    try {
      open().delete(key);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private RecordFileWriter open() throws IOException {
    if (writer == null) {
      Files.createDirectories(target.getParent());
      tmp = StoreFiles.tempFor(target);
      channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
      writer = new RecordFileWriter(out, RecordKind.CHANGELOG, version);
    }
    return writer;
  }

  /** Seals the file with the row count after this version, fsyncs it; does not publish it. */
  void seal(long rows) {
    try {
      open().finish(rows);
      channel.force(true);
      channel.close();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  /** Publishes the sealed file as the changelog of its version. */
  void publish() throws IOException {
    StoreFiles.publish(tmp, target);
  }

  void discard() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // deleting below is what matters
      }
    }
    if (tmp != null) {
      StoreFiles.deleteQuietly(tmp);
    }
  }

  private CheckpointException failure(IOException e) {
    return new CheckpointException(
        "Cannot write state changelog " + target + " (version " + version + "): " + e.getMessage(),
        e);
  }
}
