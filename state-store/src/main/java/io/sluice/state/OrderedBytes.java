package io.sluice.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Order-preserving encoding of values to bytes: for two values {@code a < b} of one type,
 * {@code encode(a)} is less than {@code encode(b)} in unsigned lexicographic byte order, the order
 * state stores sort keys in. Values written one after another form a composite key ordered field
 * by field, and the encoding of the leading fields is a byte prefix of the whole key, so a prefix
 * or range scan selects e.g. every key of one event-time bucket, or below a watermark.
 *
 * <p>Every value starts with a tag byte: {@code 0x00} for null (nulls sort first), {@code 0x01}
 * otherwise. Then: {@code long}/{@code int} big-endian with the sign bit flipped; {@code double}
 * as its IEEE bits, all flipped if negative, else only the sign bit (so -0.0 sorts just before
 * 0.0 and NaN after +infinity); {@code boolean} as 0 or 1; strings (UTF-8, which sorts by code
 * point) and byte arrays with {@code 0x00} escaped as {@code 00 FF} and terminated by
 * {@code 00 01}.
 */
public final class OrderedBytes {
  private static final byte NULL = 0x00;
  private static final byte PRESENT = 0x01;

  private OrderedBytes() {}

  /** Appends encoded values to a growing buffer. Not thread-safe; reusable after {@link #reset}. */
  public static final class Writer {
    private byte[] buf;
    private int len;

    /** Creates a writer with a small initial buffer. */
    public Writer() {
      buf = new byte[32];
    }

    private void ensure(int extra) {
      if (len + extra > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
      }
    }

    /**
     * Empties the writer for reuse.
     *
     * @return this writer
     */
    public Writer reset() {
      len = 0;
      return this;
    }

    /**
     * Appends a null, which sorts before every value.
     *
     * @return this writer
     */
    public Writer writeNull() {
      ensure(1);
      buf[len++] = NULL;
      return this;
    }

    /**
     * Appends a long.
     *
     * @param v the value
     * @return this writer
     */
    public Writer writeLong(long v) {
      ensure(9);
      buf[len++] = PRESENT;
      putLong(v ^ Long.MIN_VALUE);
      return this;
    }

    /**
     * Appends an int.
     *
     * @param v the value
     * @return this writer
     */
    public Writer writeInt(int v) {
      ensure(5);
      buf[len++] = PRESENT;
      int u = v ^ Integer.MIN_VALUE;
      buf[len++] = (byte) (u >>> 24);
      buf[len++] = (byte) (u >>> 16);
      buf[len++] = (byte) (u >>> 8);
      buf[len++] = (byte) u;
      return this;
    }

    /**
     * Appends a double.
     *
     * @param v the value
     * @return this writer
     */
    public Writer writeDouble(double v) {
      ensure(9);
      buf[len++] = PRESENT;
      long bits = Double.doubleToLongBits(v);
      putLong(bits < 0 ? ~bits : bits ^ Long.MIN_VALUE);
      return this;
    }

    /**
     * Appends a boolean, false before true.
     *
     * @param v the value
     * @return this writer
     */
    public Writer writeBoolean(boolean v) {
      ensure(2);
      buf[len++] = PRESENT;
      buf[len++] = (byte) (v ? 1 : 0);
      return this;
    }

    /**
     * Appends a string, ordered by Unicode code point.
     *
     * @param v the value, non-null (use {@link #writeNull()})
     * @return this writer
     */
    public Writer writeString(String v) {
      return writeBytes(v.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends a byte array, ordered as unsigned bytes.
     *
     * @param v the value, non-null (use {@link #writeNull()})
     * @return this writer
     */
    public Writer writeBytes(byte[] v) {
      ensure(v.length * 2 + 3);
      buf[len++] = PRESENT;
      for (byte b : v) {
        buf[len++] = b;
        if (b == 0) {
          buf[len++] = (byte) 0xFF;
        }
      }
      buf[len++] = 0x00;
      buf[len++] = 0x01;
      return this;
    }

    private void putLong(long u) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[len++] = (byte) (u >>> shift);
      }
    }

    /** @return a copy of the bytes written so far */
    public byte[] toByteArray() {
      return Arrays.copyOf(buf, len);
    }
  }

  /** Reads values in the order they were written. */
  public static final class Reader {
    private final byte[] buf;
    private int pos;

    /**
     * Reads from an encoded key.
     *
     * @param bytes the encoding
     */
    public Reader(byte[] bytes) {
      this.buf = bytes;
    }

    /** @return whether every byte has been read */
    public boolean atEnd() {
      return pos >= buf.length;
    }

    /**
     * Consumes the next value if it is null.
     *
     * @return true if the next value was null (and was consumed)
     * @throws IllegalArgumentException if there is no next value
     */
    public boolean readNull() {
      byte tag = tag();
      if (tag == NULL) {
        pos++;
        return true;
      }
      return false;
    }

    private byte tag() {
      if (pos >= buf.length) {
        throw new IllegalArgumentException("no more values in the encoded key");
      }
      byte tag = buf[pos];
      if (tag != NULL && tag != PRESENT) {
        throw new IllegalArgumentException("bad value tag " + tag + " at byte " + pos);
      }
      return tag;
    }

    private void present(int bytes) {
      if (tag() != PRESENT) {
        throw new IllegalArgumentException("value at byte " + pos + " is null");
      }
      pos++;
      if (pos + bytes > buf.length) {
        throw new IllegalArgumentException("encoded key truncated at byte " + pos);
      }
    }

    /** @return the next value, a long */
    public long readLong() {
      present(8);
      return getLong() ^ Long.MIN_VALUE;
    }

    /** @return the next value, an int */
    public int readInt() {
      present(4);
      int u = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8
          | (buf[pos + 3] & 0xFF);
      pos += 4;
      return u ^ Integer.MIN_VALUE;
    }

    /** @return the next value, a double */
    public double readDouble() {
      present(8);
      long u = getLong();
      return Double.longBitsToDouble(u < 0 ? u ^ Long.MIN_VALUE : ~u);
    }

    /** @return the next value, a boolean */
    public boolean readBoolean() {
      present(1);
      return buf[pos++] != 0;
    }

    /** @return the next value, a string */
    public String readString() {
      return new String(readBytes(), StandardCharsets.UTF_8);
    }

    /** @return the next value, a byte array */
    public byte[] readBytes() {
      present(0);
      byte[] out = new byte[buf.length - pos];
      int n = 0;
      while (true) {
        if (pos >= buf.length) {
          throw new IllegalArgumentException("unterminated byte string in encoded key");
        }
        byte b = buf[pos++];
        if (b != 0) {
          out[n++] = b;
          continue;
        }
        if (pos >= buf.length) {
          throw new IllegalArgumentException("unterminated byte string in encoded key");
        }
        byte next = buf[pos++];
        if (next == 0x01) {
          return Arrays.copyOf(out, n);
        } else if (next == (byte) 0xFF) {
          out[n++] = 0;
        } else {
          throw new IllegalArgumentException("bad escape in encoded key at byte " + (pos - 1));
        }
      }
    }

    private long getLong() {
      long u = 0;
      for (int i = 0; i < 8; i++) {
        u = u << 8 | (buf[pos++] & 0xFF);
      }
      return u;
    }
  }
}
