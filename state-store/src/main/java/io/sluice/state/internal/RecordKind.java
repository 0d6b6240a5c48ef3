package io.sluice.state.internal;

import java.nio.charset.StandardCharsets;

/** The kinds of checkpoint state files, each identified by its first line. */
public enum RecordKind {
  CHANGELOG("SLUICE-STATE-CHANGELOG v1"),
  MEMORY_SNAPSHOT("SLUICE-STATE-SNAPSHOT memory v1"),
  ROCKSDB_SNAPSHOT("SLUICE-STATE-SNAPSHOT rocksdb v1");

  private final String magic;

  RecordKind(String magic) {
    this.magic = magic;
  }

  public String magic() {
    return magic;
  }

  byte[] headerLine() {
    return (magic + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  static RecordKind ofMagic(String line) {
    for (RecordKind k : values()) {
      if (k.magic.equals(line)) {
        return k;
      }
    }
    return null;
  }
}
