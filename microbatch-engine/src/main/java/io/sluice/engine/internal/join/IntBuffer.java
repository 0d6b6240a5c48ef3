package io.sluice.engine.internal.join;

import java.util.Arrays;

/** A growable list of ints without boxing, for row positions. */
final class IntBuffer {
  int[] data;
  int size;

  IntBuffer(int capacity) {
    data = new int[Math.max(capacity, 16)];
  }

  void add(int v) {
    if (size == data.length) {
      data = Arrays.copyOf(data, data.length * 2);
    }
    data[size++] = v;
  }

  void clear() {
    size = 0;
  }
}
