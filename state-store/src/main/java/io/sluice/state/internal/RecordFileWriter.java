package io.sluice.state.internal;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Writes a state file: a magic line naming the kind and format version, the state version, then
 * records, then a trailer holding the record count, the row count and a CRC32C of every byte before
 * it. A file missing its trailer, or whose checksum differs, is detected as truncated or corrupt.
 *
 * <p>Record layout: {@code op:byte, len:int, bytes[, len:int, bytes]}; trailer:
 * {@code 0:byte, count:long, rows:long, crc:int}.
 */
public final class RecordFileWriter {
  static final byte END = 0;
  static final byte PUT = 1;
  static final byte DELETE = 2;
  static final byte FILE = 3;

  private final OutputStream raw;
  private final CheckedOutputStream checked;
  private final DataOutputStream out;
  private long count;

  /** Starts a file on {@code raw} (which the caller buffers, syncs and closes). */
  public RecordFileWriter(OutputStream raw, RecordKind kind, long version) throws IOException {
    this.raw = raw;
    this.checked = new CheckedOutputStream(raw, new CRC32C());
    this.out = new DataOutputStream(checked);
    out.write(kind.headerLine());
    out.writeLong(version);
  }

  public void put(byte[] key, byte[] value) throws IOException {
    record(PUT, key, value);
  }

  public void delete(byte[] key) throws IOException {
    record(DELETE, key, null);
  }

  void record(byte op, byte[] a, byte[] b) throws IOException {
    out.writeByte(op);
    out.writeInt(a.length);
    out.write(a);
    if (b != null) {
      out.writeInt(b.length);
      out.write(b);
    }
    count++;
  }

  public long count() {
    return count;
  }

  /** Writes the trailer and flushes {@code raw}. */
  public void finish(long rows) throws IOException {
    out.writeByte(END);
    out.writeLong(count);
    out.writeLong(rows);
    out.flush();
    int crc = (int) checked.getChecksum().getValue();
    DataOutputStream tail = new DataOutputStream(raw);
    tail.writeInt(crc);
    tail.flush();
  }
}
