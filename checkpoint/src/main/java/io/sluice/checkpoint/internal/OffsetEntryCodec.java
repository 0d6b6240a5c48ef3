package io.sluice.checkpoint.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.checkpoint.OffsetEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code offsets/<N>}: a JSON line with the batch watermark, timestamp and conf, then one line per
 * source holding its offset JSON, or {@value #NO_OFFSET} for a source without an offset yet.
 */
public final class OffsetEntryCodec implements LogCodec<OffsetEntry> {
  /** The line written for a source that had no offset yet; never valid JSON, so never ambiguous. */
  public static final String NO_OFFSET = "-";

  @Override
  public List<String> encode(OffsetEntry entry) {
    ObjectNode meta = LogFormat.newObject();
    meta.put("batchWatermarkMs", entry.batchWatermarkMs());
    meta.put("batchTimestampMs", entry.batchTimestampMs());
    ObjectNode conf = meta.putObject("conf");
    entry.conf().forEach(conf::put);
    List<String> lines = new ArrayList<>(1 + entry.sourceOffsets().size());
    lines.add(LogFormat.toJson(meta));
    for (int i = 0; i < entry.sourceOffsets().size(); i++) {
      String offset = entry.sourceOffsets().get(i);
      if (offset == null) {
        lines.add(NO_OFFSET);
      } else {
        try {
          lines.add(LogFormat.singleLineJson(offset));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "The offset of source " + i + " is not valid JSON (" + e.getMessage() + "): "
                  + LogFormat.abbreviate(offset),
              e);
        }
      }
    }
    return lines;
  }

  @Override
  public OffsetEntry decode(Path file, List<String> lines) {
    if (lines.isEmpty()) {
      throw LogFormat.corrupt(file, "line 2 (batch watermark, timestamp and conf) is missing");
    }
    JsonNode meta = LogFormat.requireObject(file, 2, lines.get(0));
    long watermark = LogFormat.requireLong(file, meta, "batchWatermarkMs");
    long timestamp = LogFormat.requireLong(file, meta, "batchTimestampMs");
    JsonNode confNode = meta.get("conf");
    if (confNode == null || !confNode.isObject()) {
      throw LogFormat.corrupt(file, "field 'conf' should be a JSON object of strings");
    }
    Map<String, String> conf = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = confNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw LogFormat.corrupt(file, "conf value of '" + e.getKey() + "' should be a string");
      }
      conf.put(e.getKey(), e.getValue().textValue());
    }
    List<String> offsets = new ArrayList<>(lines.size() - 1);
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.strip().equals(NO_OFFSET)) {
        offsets.add(null);
        continue;
      }
      try {
        LogFormat.parseJson(line);
      } catch (IllegalArgumentException e) {
        throw LogFormat.corrupt(
            file,
            "line " + (i + 2) + " (offset of source " + (i - 1) + ") is neither JSON nor '-' ("
                + e.getMessage() + ")");
      }
      offsets.add(line);
    }
    return new OffsetEntry(watermark, timestamp, conf, offsets);
  }
}
