package io.sluice.state.internal;

import java.util.Arrays;
import java.util.Comparator;

/** Unsigned lexicographic byte-array order, the order RocksDB's default comparator uses. */
public final class Bytes {
  private Bytes() {}

  /** Compares as unsigned bytes, shorter prefix first. */
  public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  /**
   * Returns the smallest array greater than every array starting with {@code prefix}, or null if
   * there is none (empty prefix or all bytes 0xFF).
   */
  public static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return null;
  }
}
