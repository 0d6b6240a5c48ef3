package io.sluice.engine.internal.agg;

/**
 * HyperLogLog sketches stored as plain byte arrays (one byte per register), so they can live in
 * state as binary and merge by a register-wise max.
 *
 * <p>Precision {@code p = 9} (512 registers) gives a relative standard error of
 * {@code 1.04 / sqrt(512) ≈ 4.6%}, the precision Spark picks for its default
 * {@code rsd = 0.05}. Instead of HLL++'s empirical bias tables, the estimate uses Ertl's improved
 * estimator ("New cardinality estimation algorithms for HyperLogLog sketches", 2017), which is
 * unbiased from small to large cardinalities without tables.
 */
final class HyperLogLog {
  /** Bits of the hash that choose the register. */
  static final int P = 9;
  /** Number of registers, and the length of a sketch in bytes. */
  static final int M = 1 << P;
  private static final int Q = 64 - P;

  private HyperLogLog() {}

  /**
   * Adds a hashed value.
   *
   * @param registers the sketch
   * @param hash a well-mixed 64-bit hash of the value
   */
  static void add(byte[] registers, long hash) {
    int index = (int) (hash >>> Q);
    int rank = Math.min(Long.numberOfLeadingZeros(hash << P) + 1, Q + 1);
    if (rank > registers[index]) {
      registers[index] = (byte) rank;
    }
  }

  /**
   * Merges a serialized sketch into another by register-wise max.
   *
   * @param into the sketch to update
   * @param data holds the other sketch
   * @param offset where it starts in {@code data}
   * @param length its length, which must be {@link #M}
   * @throws IllegalArgumentException if the length is wrong
   */
  static void merge(byte[] into, byte[] data, int offset, int length) {
    if (length != M) {
      throw new IllegalArgumentException("approx_count_distinct buffer has " + length
          + " bytes, expected " + M + " HyperLogLog registers");
    }
    for (int k = 0; k < M; k++) {
      byte r = data[offset + k];
      if (r > into[k]) {
        into[k] = r;
      }
    }
  }

  /**
   * Estimates the number of distinct values added.
   *
   * @param registers the sketch
   * @return the estimate, 0 for an empty sketch
   */
  static long estimate(byte[] registers) {
    int[] histogram = new int[Q + 2];
    for (byte r : registers) {
      histogram[r]++;
    }
    if (histogram[0] == M) {
      return 0;
    }
    double z = M * tau(1.0 - (double) histogram[Q + 1] / M);
    for (int k = Q; k >= 1; k--) {
      z = 0.5 * (z + histogram[k]);
    }
    z += M * sigma((double) histogram[0] / M);
    return Math.round(M * (M / (2 * Math.log(2) * z)));
  }

  private static double sigma(double x) {
    if (x == 1.0) {
      return Double.POSITIVE_INFINITY;
    }
    double y = 1;
    double z = x;
    double previous;
    do {
      x *= x;
      previous = z;
      z += x * y;
      y += y;
    } while (z != previous);
    return z;
  }

  private static double tau(double x) {
    if (x == 0.0 || x == 1.0) {
      return 0.0;
    }
    double y = 1.0;
    double z = 1 - x;
    double previous;
    do {
      x = Math.sqrt(x);
      previous = z;
      y *= 0.5;
      z -= (1 - x) * (1 - x) * y;
    } while (z != previous);
    return z / 3;
  }
}
