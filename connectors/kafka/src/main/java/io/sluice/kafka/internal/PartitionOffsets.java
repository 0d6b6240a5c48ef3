package io.sluice.kafka.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * JSON forms of per-partition values, in Spark's shapes: {@code {"topic":{"0":23,"1":10}}} for
 * offsets and timestamps, {@code {"topic":[0,1]}} for partition lists. Topics and partitions are
 * sorted, so equal maps give equal text.
 */
final class PartitionOffsets {
  static final Comparator<TopicPartition> ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);
  private static final ObjectMapper JSON = new ObjectMapper();

  private PartitionOffsets() {}

  /** @return an empty map sorted by topic, then partition */
  static SortedMap<TopicPartition, Long> newMap() {
    return new TreeMap<>(ORDER);
  }

  static String toJson(Map<TopicPartition, Long> offsets) {
    ObjectNode root = JSON.createObjectNode();
    SortedMap<TopicPartition, Long> sorted = newMap();
    sorted.putAll(offsets);
    sorted.forEach((tp, off) -> {
      ObjectNode t = root.has(tp.topic()) ? (ObjectNode) root.get(tp.topic()) : root.putObject(tp.topic());
      t.put(Integer.toString(tp.partition()), off);
    });
    return root.toString();
  }

  /**
   * Parses {@code {"topic":{"0":23}}}.
   *
   * @throws IllegalArgumentException naming the text if it has another shape
   */
  static SortedMap<TopicPartition, Long> fromJson(String json) {
    SortedMap<TopicPartition, Long> out = newMap();
    JsonNode root = parse(json);
    if (!root.isObject()) {
      throw bad(json, "an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> t = it.next();
      if (!t.getValue().isObject()) {
        throw bad(json, "an object of partitions for topic " + t.getKey());
      }
      for (Iterator<Map.Entry<String, JsonNode>> ps = t.getValue().fields(); ps.hasNext(); ) {
        Map.Entry<String, JsonNode> p = ps.next();
        if (!p.getValue().canConvertToLong()) {
          throw bad(json, "a number for partition " + p.getKey() + " of " + t.getKey());
        }
        out.put(new TopicPartition(t.getKey(), partition(json, p.getKey())), p.getValue().asLong());
      }
    }
    return out;
  }

  /** Parses {@code {"topic":[0,1]}}. */
  static List<TopicPartition> partitionsFromJson(String json) {
    List<TopicPartition> out = new ArrayList<>();
    JsonNode root = parse(json);
    if (!root.isObject()) {
      throw bad(json, "an object {\"topic\":[partitions]}");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> t = it.next();
      if (!t.getValue().isArray()) {
        throw bad(json, "an array of partitions for topic " + t.getKey());
      }
      for (JsonNode p : t.getValue()) {
        if (!p.canConvertToInt()) {
          throw bad(json, "partition numbers for topic " + t.getKey());
        }
        out.add(new TopicPartition(t.getKey(), p.asInt()));
      }
    }
    out.sort(ORDER);
    return Collections.unmodifiableList(out);
  }

  private static int partition(String json, String key) {
    try {
      return Integer.parseInt(key);
    } catch (NumberFormatException e) {
      throw bad(json, "partition numbers as keys, not '" + key + "'");
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not valid JSON: " + json + " (" + e.getOriginalMessage() + ")", e);
    }
  }

  private static IllegalArgumentException bad(String json, String expected) {
    return new IllegalArgumentException("Expected " + expected + " in " + json);
  }
}
