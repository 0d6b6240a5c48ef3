package io.sluice.checkpoint.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.checkpoint.CommitEntry;
import java.nio.file.Path;
import java.util.List;

/** {@code commits/<N>}: one JSON line with the watermark the next batch runs with. */
public final class CommitEntryCodec implements LogCodec<CommitEntry> {
  @Override
  public List<String> encode(CommitEntry entry) {
    ObjectNode json = LogFormat.newObject();
    json.put("nextBatchWatermarkMs", entry.nextBatchWatermarkMs());
    return List.of(LogFormat.toJson(json));
  }

  @Override
  public CommitEntry decode(Path file, List<String> lines) {
    if (lines.isEmpty()) {
      throw LogFormat.corrupt(file, "line 2 (next batch watermark) is missing");
    }
    if (lines.size() > 1) {
      throw LogFormat.corrupt(file, "expected 2 lines, found " + (lines.size() + 1));
    }
    JsonNode json = LogFormat.requireObject(file, 2, lines.get(0));
    return new CommitEntry(LogFormat.requireLong(file, json, "nextBatchWatermarkMs"));
  }
}
