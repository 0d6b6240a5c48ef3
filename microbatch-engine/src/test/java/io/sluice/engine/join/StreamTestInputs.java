package io.sluice.engine.join;

import io.sluice.api.DataFrame;
import io.sluice.api.StreamSession;
import io.sluice.api.types.StructType;
import io.sluice.engine.connectors.MemoryStream;

/** Streaming DataFrames for analysis tests that never start a query. */
final class StreamTestInputs {
  private StreamTestInputs() {}

  static DataFrame stream(StreamSession session, StructType schema) {
    return MemoryStream.create(session, schema).toDF();
  }
}
