package io.sluice.engine.internal.expr;

/** Character-level helpers on UTF-8 bytes, so string functions work without decoding. */
final class Utf8 {
  private Utf8() {}

  /** @return true if every byte in the range is ASCII */
  static boolean isAscii(byte[] b, int start, int end) {
    for (int i = start; i < end; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /** @return the number of code points in the range (bytes that are not continuation bytes) */
  static int numChars(byte[] b, int start, int end) {
    int n = 0;
    for (int i = start; i < end; i++) {
      if ((b[i] & 0xC0) != 0x80) {
        n++;
      }
    }
    return n;
  }

  /**
   * The byte offset of code point {@code charIndex} in the range, or {@code end} past the last.
   *
   * @param b the bytes
   * @param start the range start
   * @param end the range end
   * @param charIndex the code point index, non-negative
   * @return the byte offset
   */
  static int byteOffset(byte[] b, int start, int end, int charIndex) {
    int seen = -1;
    for (int i = start; i < end; i++) {
      if ((b[i] & 0xC0) != 0x80 && ++seen == charIndex) {
        return i;
      }
    }
    return end;
  }

  /**
   * Finds {@code needle} in {@code hay} by bytes.
   *
   * @return the offset of the first match in hay, or -1
   */
  static int indexOf(byte[] hay, int hs, int he, byte[] needle, int ns, int ne) {
    int len = ne - ns;
    outer:
    for (int i = hs; i <= he - len; i++) {
      for (int k = 0; k < len; k++) {
        if (hay[i + k] != needle[ns + k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
