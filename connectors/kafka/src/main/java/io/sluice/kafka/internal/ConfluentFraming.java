package io.sluice.kafka.internal;

/** The Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then the Avro binary. */
final class ConfluentFraming {
  /** Bytes before the Avro payload. */
  static final int HEADER = 5;

  private ConfluentFraming() {}

  static boolean isFramed(byte[] data, int off, int len) {
    return len >= HEADER && data[off] == 0;
  }

  static int schemaId(byte[] data) {
    return schemaId(data, 0);
  }

  static int schemaId(byte[] data, int off) {
    return ((data[off + 1] & 0xff) << 24) | ((data[off + 2] & 0xff) << 16) | ((data[off + 3] & 0xff) << 8)
        | (data[off + 4] & 0xff);
  }

  static void writeHeader(byte[] out, int off, int schemaId) {
    out[off] = 0;
    out[off + 1] = (byte) (schemaId >>> 24);
    out[off + 2] = (byte) (schemaId >>> 16);
    out[off + 3] = (byte) (schemaId >>> 8);
    out[off + 4] = (byte) schemaId;
  }
}
