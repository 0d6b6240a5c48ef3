package io.sluice.engine.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.DataStreamReader;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryStreamTest {
  private static final StructType SCHEMA = DataTypes.struct(DataTypes.field("n", DataTypes.INT));

  @Test
  void toDfLoadsTheMemoryFormatWithTheStreamsIdAndNoSchema() {
    List<String> calls = new ArrayList<>();
    DataStreamReader reader = (DataStreamReader) Proxy.newProxyInstance(
        DataStreamReader.class.getClassLoader(), new Class<?>[] {DataStreamReader.class},
        (proxy, method, args) -> {
          calls.add(method.getName() + (args == null ? "" : List.of(args)));
          return method.getName().equals("load") ? null : proxy;
        });
    StreamSession session = (StreamSession) Proxy.newProxyInstance(
        StreamSession.class.getClassLoader(), new Class<?>[] {StreamSession.class},
        (proxy, method, args) -> {
          if (method.getName().equals("readStream")) {
            return reader;
          }
          throw new UnsupportedOperationException(method.getName());
        });

    try (MemoryStream stream = MemoryStream.create(session, SCHEMA)) {
      stream.toDF();

      assertThat(calls).containsExactly(
          "format[memory]", "option[id, " + stream.id() + "]", "load");
    }
  }

  @Test
  void eachStreamHasItsOwnIdAndOffsetCountsChunks() {
    try (MemoryStream a = MemoryStream.create(unusedSession(), SCHEMA);
        MemoryStream b = MemoryStream.create(unusedSession(), SCHEMA)) {
      assertThat(a.id()).isNotEqualTo(b.id());
      assertThat(a.addData(Row.of(1), Row.of(2))).isEqualTo(1);
      assertThat(a.addData(List.of())).isEqualTo(2);
      assertThat(a.currentOffset()).isEqualTo(2);
      assertThat(b.currentOffset()).isZero();
      assertThat(a.schema()).isEqualTo(SCHEMA);
      assertThat(a.toString()).isEqualTo("MemoryStream[" + a.id() + "]");
    }
  }

  private static StreamSession unusedSession() {
    return (StreamSession) Proxy.newProxyInstance(StreamSession.class.getClassLoader(),
        new Class<?>[] {StreamSession.class}, (proxy, method, args) -> {
          throw new UnsupportedOperationException(method.getName());
        });
  }
}
