package io.sluice.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class OffsetLimitsTest {
  static final TopicPartition P0 = new TopicPartition("t", 0);
  static final TopicPartition P1 = new TopicPartition("t", 1);
  static final TopicPartition P2 = new TopicPartition("t", 2);

  static Stream<Arguments> caps() {
    return Stream.of(
        // limit, from, until, expected end
        Arguments.of(10L, Map.of(P0, 0L, P1, 0L), Map.of(P0, 100L, P1, 1L), Map.of(P0, 9L, P1, 1L)),
        Arguments.of(10L, Map.of(P0, 5L, P1, 5L), Map.of(P0, 10L, P1, 10L), Map.of(P0, 10L, P1, 10L)),
        Arguments.of(10L, Map.of(P0, 0L, P1, 0L), Map.of(P0, 50L, P1, 50L), Map.of(P0, 5L, P1, 5L)),
        Arguments.of(3L, Map.of(P0, 0L, P1, 0L, P2, 0L), Map.of(P0, 1000L, P1, 1L, P2, 1L),
            Map.of(P0, 2L, P1, 1L, P2, 1L)),
        // nothing available: ends unchanged, even a partition that moved back
        Arguments.of(10L, Map.of(P0, 7L, P1, 9L), Map.of(P0, 7L, P1, 3L), Map.of(P0, 7L, P1, 3L)),
        Arguments.of(1L, Map.of(P0, Long.MAX_VALUE - 5), Map.of(P0, Long.MAX_VALUE), Map.of(P0, Long.MAX_VALUE - 4)));
  }

  @ParameterizedTest
  @MethodSource("caps")
  void maxOffsetsAreSplitInProportionWithoutStarvingSmallPartitions(
      long limit, Map<TopicPartition, Long> from, Map<TopicPartition, Long> until, Map<TopicPartition, Long> expected) {
    SortedMap<TopicPartition, Long> u = new TreeMap<>(PartitionOffsets.ORDER);
    u.putAll(until);
    assertThat(OffsetLimits.capByMaxOffsets(limit, from, u)).isEqualTo(expected);
  }

  @Test
  void triggerDelayHoldsBatchesUntilEnoughRecordsOrTheMaxDelayPassed() {
    OffsetLimits.TriggerDelay d = new OffsetLimits.TriggerDelay(100, 1000);
    assertThat(d.delay(1, 0)).as("first batch").isFalse();
    assertThat(d.delay(99, 500)).isTrue();
    assertThat(d.delay(100, 600)).isFalse();
    assertThat(d.delay(5, 1599)).isTrue();
    assertThat(d.delay(5, 1600)).as("max delay passed").isFalse();
    assertThat(d.delay(0, 1700)).isTrue();
  }

  @Test
  void offsetsRoundTripThroughSparksJsonShape() {
    SortedMap<TopicPartition, Long> m = PartitionOffsets.newMap();
    m.put(new TopicPartition("b", 1), 10L);
    m.put(new TopicPartition("a", 0), 23L);
    m.put(new TopicPartition("b", 0), 5L);
    String json = PartitionOffsets.toJson(m);
    assertThat(json).isEqualTo("{\"a\":{\"0\":23},\"b\":{\"0\":5,\"1\":10}}");
    assertThat(PartitionOffsets.fromJson(json)).isEqualTo(m);
    assertThat(PartitionOffsets.partitionsFromJson("{\"b\":[1,0],\"a\":[2]}"))
        .containsExactly(new TopicPartition("a", 2), new TopicPartition("b", 0), new TopicPartition("b", 1));
  }
}
