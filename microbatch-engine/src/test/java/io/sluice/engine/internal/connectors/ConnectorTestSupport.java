package io.sluice.engine.internal.connectors;

import io.sluice.api.StreamSession;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.InputPartition;
import io.sluice.api.connector.PartitionReader;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceContext;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.Row;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Drives connectors through the SPI, as the engine will. */
final class ConnectorTestSupport {
  private ConnectorTestSupport() {}

  /** A session that fails on every call: enough for code that only stores it. */
  static StreamSession unusedSession() {
    return (StreamSession) Proxy.newProxyInstance(StreamSession.class.getClassLoader(),
        new Class<?>[] {StreamSession.class}, (proxy, method, args) -> {
          throw new UnsupportedOperationException(method.getName());
        });
  }

  static SourceContext sourceContext(Map<String, String> options, Path metadataDir) {
    return new SourceContext(new ConnectorOptions(options), null, metadataDir, Map.of());
  }

  /** Reads every partition of a range, in partition order. */
  static List<Row> readAll(Source source, List<InputPartition> partitions) throws Exception {
    List<Row> out = new ArrayList<>();
    for (InputPartition p : partitions) {
      out.addAll(read(source.createReader(p)));
    }
    return out;
  }

  static List<Row> read(PartitionReader reader) throws Exception {
    List<Row> out = new ArrayList<>();
    try (reader) {
      for (ColumnBatch b = reader.next(); b != null; b = reader.next()) {
        out.addAll(b.rows());
      }
    }
    return out;
  }
}
