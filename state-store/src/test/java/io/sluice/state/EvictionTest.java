package io.sluice.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EvictionTest {
  @TempDir Path checkpoint;
  @TempDir Path local;

  static java.util.stream.Stream<String> providers() {
    return StoreTestSupport.providers();
  }

  @ParameterizedTest
  @MethodSource("providers")
  void evictionByWatermarkReadsOnlyTheExpiredKeys(String provider) {
    StateSchema schema =
        new StateSchema(
            List.of(StateField.required("windowEnd", FieldType.LONG),
                StateField.required("page", FieldType.STRING)),
            List.of(StateField.required("views", FieldType.LONG)));
    StateCodec codec = StateCodec.open(checkpoint, 6, schema);
    StateStoreId id = new StateStoreId(checkpoint, 6, 0);
    try (StateStoreProvider p =
        StateStoreProviders.open(id, StoreTestSupport.conf(provider, local))) {
      TypedStateStore store = new TypedStateStore(p.getStore(0), codec);
      // 100 windows x 50 pages, window ends -50s .. +49s around 0 (negative times sort first too)
      for (long w = -50; w < 50; w++) {
        for (int page = 0; page < 50; page++) {
          store.put(List.of(w * 1000, "page" + page), List.of(w + page));
        }
      }
      store.commit();

      TypedStateStore batch = new TypedStateStore(p.getStore(1), codec);
      long watermark = -40_000;
      int evicted = 0;
      try (TypedStateStore.EntryIterator expired = batch.scanBefore(watermark)) {
        while (expired.hasNext()) {
          TypedStateStore.Entry e = expired.next();
          assertThat((Long) e.key().get(0)).isLessThan(watermark);
          batch.remove(e.key());
          evicted++;
        }
      }
      assertThat(evicted).isEqualTo(10 * 50);
      assertThat(batch.metrics().keysRead()).isEqualTo(evicted);
      assertThat(batch.metrics().rows()).isEqualTo(90 * 50);
      batch.commit();

      TypedStateStore next = new TypedStateStore(p.getStore(2), codec);
      try (TypedStateStore.EntryIterator first = next.iterator()) {
        assertThat(first.next().key()).isEqualTo(List.of(-40_000L, "page0"));
      }
      try (TypedStateStore.EntryIterator window = next.prefixScan(List.of(-40_000L))) {
        int n = 0;
        while (window.hasNext()) {
          window.next();
          n++;
        }
        assertThat(n).isEqualTo(50);
      }
      next.abort();
    }
  }
}
