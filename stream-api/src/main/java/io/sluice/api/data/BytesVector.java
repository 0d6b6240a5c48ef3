package io.sluice.api.data;

import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A vector of byte strings: {@code string} (UTF-8) or {@code binary}. Values are stored back to
 * back in one byte array with an offsets array, so appending and reading allocate nothing per row.
 */
public final class BytesVector extends ColumnVector {
  private byte[] data;
  private int[] offsets; // offsets[i] = start of value i, offsets[size] = end of data

  /**
   * Creates an empty vector.
   *
   * @param type {@code string} or {@code binary}
   * @param capacity the expected number of values
   */
  public BytesVector(DataType type, int capacity) {
    super(type);
    this.offsets = new int[Math.max(capacity, 4) + 1];
    this.data = new byte[Math.max(capacity, 4) * 16];
  }

  /**
   * Appends bytes.
   *
   * @param src the source array
   * @param off the start in {@code src}
   * @param len the number of bytes
   */
  public void append(byte[] src, int off, int len) {
    int end = offsets[size];
    ensureData(end + len);
    System.arraycopy(src, off, data, end, len);
    appendLength(len);
  }

  /**
   * Appends a whole byte array.
   *
   * @param bytes the bytes
   */
  public void append(byte[] bytes) {
    append(bytes, 0, bytes.length);
  }

  /**
   * Appends a string as UTF-8.
   *
   * @param s the string
   */
  public void appendString(String s) {
    append(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Makes room for {@code len} more bytes and returns the data array, for writers that encode in
   * place; they call {@link #commitAppend(int)} after writing at {@link #dataEnd()}.
   *
   * @param len the bytes to reserve
   * @return the data array
   */
  public byte[] reserve(int len) {
    ensureData(offsets[size] + len);
    return data;
  }

  /** @return where the next appended value starts in {@link #data()} */
  public int dataEnd() {
    return offsets[size];
  }

  /**
   * Completes an append of {@code len} bytes already written at {@link #dataEnd()}.
   *
   * @param len the length written
   */
  public void commitAppend(int len) {
    appendLength(len);
  }

  private void appendLength(int len) {
    if (size + 1 >= offsets.length) {
      offsets = Arrays.copyOf(offsets, grow(offsets.length, size + 2));
    }
    offsets[size + 1] = offsets[size] + len;
    size++;
  }

  private void ensureData(int needed) {
    if (needed > data.length) {
      data = Arrays.copyOf(data, grow(data.length, needed));
    }
  }

  /** @return the backing data array (not a copy) */
  public byte[] data() {
    return data;
  }

  /**
   * Start of value {@code i} in {@link #data()}.
   *
   * @param i the index
   * @return the offset
   */
  public int offset(int i) {
    return offsets[i];
  }

  /**
   * Length in bytes of value {@code i}.
   *
   * @param i the index
   * @return the length
   */
  public int length(int i) {
    return offsets[i + 1] - offsets[i];
  }

  /**
   * Copies value {@code i} out.
   *
   * @param i the index
   * @return a new array
   */
  public byte[] getBytes(int i) {
    return Arrays.copyOfRange(data, offsets[i], offsets[i + 1]);
  }

  /**
   * Decodes value {@code i} as UTF-8.
   *
   * @param i the index
   * @return the string
   */
  public String getString(int i) {
    return new String(data, offsets[i], length(i), StandardCharsets.UTF_8);
  }

  /**
   * Compares value {@code i} with bytes, without copying.
   *
   * @param i the index
   * @param other the bytes
   * @return true if equal
   */
  public boolean equalsBytes(int i, byte[] other) {
    return Arrays.equals(data, offsets[i], offsets[i + 1], other, 0, other.length);
  }

  @Override
  protected void appendDefault() {
    appendLength(0);
  }

  @Override
  protected void appendValueFrom(ColumnVector source, int i) {
    BytesVector s = (BytesVector) source;
    append(s.data, s.offsets[i], s.length(i));
  }

  @Override
  protected void appendNonNullObject(Object value) {
    if (value instanceof byte[] b) {
      append(b);
    } else {
      appendString(value.toString());
    }
  }

  @Override
  protected Object getNonNullObject(int i) {
    return type == DataTypes.STRING ? getString(i) : getBytes(i);
  }

  @Override
  protected int capacityHint() {
    return offsets.length;
  }
}
