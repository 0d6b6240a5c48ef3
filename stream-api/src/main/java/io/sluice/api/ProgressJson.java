package io.sluice.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** Serialises progress records in Spark's JSON shape (offsets embedded as raw JSON). */
final class ProgressJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private ProgressJson() {}

  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      g.writeString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  static String write(StreamingQueryProgress p, boolean pretty) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      if (pretty) {
        g.useDefaultPrettyPrinter();
      }
      g.writeStartObject();
      g.writeStringField("id", p.id().toString());
      g.writeStringField("runId", p.runId().toString());
      g.writeStringField("name", p.name());
      g.writeStringField("timestamp", p.timestamp().toString());
      g.writeNumberField("batchId", p.batchId());
      g.writeNumberField("batchDuration", p.batchDuration());
      g.writeNumberField("numInputRows", p.numInputRows());
      g.writeNumberField("inputRowsPerSecond", p.inputRowsPerSecond());
      g.writeNumberField("processedRowsPerSecond", p.processedRowsPerSecond());
      g.writeObjectFieldStart("durationMs");
      for (Map.Entry<String, Long> e : new TreeMap<>(p.durationMs()).entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      if (!p.eventTime().isEmpty()) {
        g.writeObjectFieldStart("eventTime");
        for (Map.Entry<String, String> e : new TreeMap<>(p.eventTime()).entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      g.writeArrayFieldStart("stateOperators");
      for (StateOperatorProgress s : p.stateOperators()) {
        g.writeStartObject();
        g.writeStringField("operatorName", s.operatorName());
        g.writeNumberField("numRowsTotal", s.numRowsTotal());
        g.writeNumberField("numRowsUpdated", s.numRowsUpdated());
        g.writeNumberField("allUpdatesTimeMs", s.allUpdatesTimeMs());
        g.writeNumberField("numRowsRemoved", s.numRowsRemoved());
        g.writeNumberField("allRemovalsTimeMs", s.allRemovalsTimeMs());
        g.writeNumberField("commitTimeMs", s.commitTimeMs());
        g.writeNumberField("memoryUsedBytes", s.memoryUsedBytes());
        g.writeNumberField("numRowsDroppedByWatermark", s.numRowsDroppedByWatermark());
        g.writeNumberField("numShufflePartitions", s.numShufflePartitions());
        g.writeNumberField("numStateStoreInstances", s.numStateStoreInstances());
        g.writeObjectFieldStart("customMetrics");
        for (Map.Entry<String, Long> e : new TreeMap<>(s.customMetrics()).entrySet()) {
          g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("sources");
      for (SourceProgress s : p.sources()) {
        g.writeStartObject();
        g.writeStringField("description", s.description());
        writeRaw(g, "startOffset", s.startOffset());
        writeRaw(g, "endOffset", s.endOffset());
        writeRaw(g, "latestOffset", s.latestOffset());
        g.writeNumberField("numInputRows", s.numInputRows());
        g.writeNumberField("inputRowsPerSecond", s.inputRowsPerSecond());
        g.writeNumberField("processedRowsPerSecond", s.processedRowsPerSecond());
        if (!s.metrics().isEmpty()) {
          g.writeObjectFieldStart("metrics");
          for (Map.Entry<String, String> e : new TreeMap<>(s.metrics()).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("sink");
      g.writeStringField("description", p.sink().description());
      g.writeNumberField("numOutputRows", p.sink().numOutputRows());
      if (!p.sink().metrics().isEmpty()) {
        g.writeObjectFieldStart("metrics");
        for (Map.Entry<String, String> e : new TreeMap<>(p.sink().metrics()).entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
      if (!p.expectations().isEmpty()) {
        g.writeArrayFieldStart("expectations");
        for (ExpectationProgress e : p.expectations()) {
          g.writeStartObject();
          g.writeStringField("name", e.name());
          g.writeStringField("action", e.action().name());
          g.writeNumberField("passedRows", e.passedRows());
          g.writeNumberField("failedRows", e.failedRows());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void writeRaw(JsonGenerator g, String field, String json) throws IOException {
    g.writeFieldName(field);
    if (json == null) {
      g.writeNull();
    } else {
      g.writeRawValue(json);
    }
  }
}
