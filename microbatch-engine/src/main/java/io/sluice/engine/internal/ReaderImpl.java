package io.sluice.engine.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.DataFrame;
import io.sluice.api.DataFrameReader;
import io.sluice.api.DataStreamReader;
import io.sluice.api.SluiceException;
import io.sluice.api.connector.BatchScan;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.InputPartition;
import io.sluice.api.connector.PartitionReader;
import io.sluice.api.connector.SourceContext;
import io.sluice.api.connector.SourceProvider;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.plan.LogicalPlan;
import io.sluice.api.types.StructType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Streaming and batch readers: collect format, options and schema, then resolve at load. */
final class ReaderImpl {
  private ReaderImpl() {}

  static DataStreamReader streaming(SessionImpl session) {
    return new Stream(session);
  }

  static DataFrameReader batch(SessionImpl session) {
    return new Batch(session);
  }

  /** The builder state both readers share; {@code R} is the reader type the setters return. */
  private abstract static class Base<R> {
    final SessionImpl session;
    String format;
    final Map<String, String> options = new LinkedHashMap<>();
    StructType schema;

    Base(SessionImpl session) {
      this.session = session;
    }

    abstract R self();

    public R format(String f) {
      this.format = f;
      return self();
    }

    public R option(String key, String value) {
      options.put(key, value);
      return self();
    }

    public R schema(StructType s) {
      this.schema = s;
      return self();
    }

    SourceProvider provider() {
      return ConnectorRegistry.source(format);
    }

    StructType resolveSchema(SourceProvider p) {
      StructType s = p.schema(new ConnectorOptions(options), schema);
      if (s == null) {
        throw new AnalysisException("Format '" + format + "' needs a schema: call schema(...)");
      }
      return s;
    }
  }

  private static final class Stream extends Base<DataStreamReader> implements DataStreamReader {
    Stream(SessionImpl session) {
      super(session);
    }

    @Override
    DataStreamReader self() {
      return this;
    }

    @Override
    public DataFrame load() {
      SourceProvider p = provider();
      StructType s = resolveSchema(p);
      return new DataFrameImpl(session,
          new LogicalPlan.StreamingRelation(UUID.randomUUID().toString(), p.format(), options, s));
    }
  }

  private static final class Batch extends Base<DataFrameReader> implements DataFrameReader {
    Batch(SessionImpl session) {
      super(session);
    }

    @Override
    DataFrameReader self() {
      return this;
    }

    @Override
    public DataFrame load() {
      SourceProvider p = provider();
      StructType s = resolveSchema(p);
      BatchScan scan;
      try {
        scan = p.createBatchScan(new SourceContext(new ConnectorOptions(options), s, null, session.conf()));
      } catch (UnsupportedOperationException e) {
        throw new AnalysisException("Format '" + format + "' cannot be read as a batch: "
            + e.getMessage(), e);
      }
      List<ColumnBatch> data = new ArrayList<>();
      for (InputPartition part : scan.partitions()) {
        try (PartitionReader r = scan.createReader(part)) {
          for (ColumnBatch b = r.next(); b != null; b = r.next()) {
            data.add(b);
          }
        } catch (SluiceException e) {
          throw e;
        } catch (Exception e) {
          throw new SluiceException("Batch read of format '" + format + "' failed: " + e.getMessage(), e);
        }
      }
      return new DataFrameImpl(session, new LogicalPlan.LocalRelation(scan.schema(), data));
    }
  }
}
