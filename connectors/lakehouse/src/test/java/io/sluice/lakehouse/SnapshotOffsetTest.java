package io.sluice.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.lakehouse.internal.SnapshotOffset;
import org.junit.jupiter.api.Test;

class SnapshotOffsetTest {
  @Test
  void jsonRoundTripsAndKeepsTheScanAllFlag() {
    SnapshotOffset o = new SnapshotOffset(8_123_456_789L, true);
    assertThat(o.json()).isEqualTo("{\"snapshotId\":8123456789,\"scanAll\":true}");
    assertThat(SnapshotOffset.parse(o.json())).isEqualTo(o);
    assertThat(SnapshotOffset.parse("{\"snapshotId\":-1}")).isEqualTo(SnapshotOffset.NONE);
    assertThat(SnapshotOffset.of(null)).isEqualTo(SnapshotOffset.NONE);
    assertThat(SnapshotOffset.of(() -> "{ \"snapshotId\" : 5, \"scanAll\" : false }"))
        .isEqualTo(new SnapshotOffset(5, false));
  }

  @Test
  void anotherSourcesOffsetIsRejected() {
    assertThatThrownBy(() -> SnapshotOffset.parse("{\"chunks\":3}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("iceberg source offset");
  }
}
