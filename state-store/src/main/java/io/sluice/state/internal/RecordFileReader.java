package io.sluice.state.internal;

import io.sluice.api.CheckpointException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Reads a file written by {@link RecordFileWriter}, checking kind, version, lengths, record count
 * and checksum. Any mismatch is a {@link CheckpointException} naming the file and the version.
 * Records are handed to the visitor as they are read; a caller that applies them before the
 * trailer is verified must discard what it built when this throws.
 */
public final class RecordFileReader {

  /** Receives the records of a file. */
  public interface Visitor {
    void record(byte op, byte[] a, byte[] b) throws IOException;
  }

  /** What the trailer says. */
  public record Trailer(long count, long rows) {}

  private RecordFileReader() {}

  public static Trailer read(Path file, RecordKind kind, long version, Visitor visitor) {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(
          "State file " + file + " of version " + version + " is missing", e);
    } catch (IOException e) {
      throw new CheckpointException("Cannot read state file " + file + " of version " + version, e);
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      CheckedInputStream checked = new CheckedInputStream(in, new CRC32C());
      DataInputStream data = new DataInputStream(checked);
      String magic = readLine(data);
      if (!kind.magic().equals(magic)) {
        RecordKind other = RecordKind.ofMagic(magic);
        String what =
            other == null
                ? "is not a Sluice " + kind.name().toLowerCase() + " file (first line '" + magic + "')"
                : "is a " + other.magic() + " file, expected " + kind.magic()
                    + (other.name().endsWith("SNAPSHOT")
                        ? "; it was written by another state provider: set "
                            + "sluice.state.provider to the one the query used"
                        : "");
        throw corrupt(file, version, what);
      }
      long pos = magic.length() + 1;
      long fileVersion = data.readLong();
      pos += 8;
      if (fileVersion != version) {
        throw corrupt(file, version, "it holds version " + fileVersion);
      }
      long count = 0;
      while (true) {
        byte op = data.readByte();
        pos++;
        if (op == RecordFileWriter.END) {
          long declared = data.readLong();
          long rows = data.readLong();
          int expected = (int) checked.getChecksum().getValue();
          int stored = new DataInputStream(in).readInt();
          if (stored != expected) {
            throw corrupt(file, version, "checksum mismatch");
          }
          if (declared != count) {
            throw corrupt(file, version, "trailer says " + declared + " records, read " + count);
          }
          if (in.read() != -1) {
            throw corrupt(file, version, "bytes after the trailer");
          }
          return new Trailer(count, rows);
        }
        if (op != RecordFileWriter.PUT && op != RecordFileWriter.DELETE
            && op != RecordFileWriter.FILE) {
          throw corrupt(file, version, "unknown record type " + op + " at byte " + (pos - 1));
        }
        byte[] a = readBytes(data, size - pos, file, version);
        pos += 4 + a.length;
        byte[] b = null;
        if (op != RecordFileWriter.DELETE) {
          b = readBytes(data, size - pos, file, version);
          pos += 4 + b.length;
        }
        count++;
        visitor.record(op, a, b);
      }
    } catch (EOFException e) {
      throw corrupt(file, version, "truncated (no trailer)");
    } catch (IOException e) {
      throw new CheckpointException("Cannot read state file " + file + " of version " + version, e);
    }
  }

  private static byte[] readBytes(DataInputStream data, long remaining, Path file, long version)
      throws IOException {
    int len = data.readInt();
    if (len < 0 || len > remaining - 4) {
      throw corrupt(file, version, "record length " + len + " exceeds the file");
    }
    byte[] b = new byte[len];
    data.readFully(b);
    return b;
  }

  private static String readLine(DataInputStream data) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      int c = data.read();
      if (c == -1) {
        throw new EOFException();
      }
      if (c == '\n') {
        return sb.toString();
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  static CheckpointException corrupt(Path file, long version, String what) {
    return new CheckpointException(
        "Corrupt state file " + file + " (version " + version + "): " + what);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
