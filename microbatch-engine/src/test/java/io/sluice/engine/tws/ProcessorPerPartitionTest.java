package io.sluice.engine.tws;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.KeyState;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.TimeMode;
import io.sluice.api.Timers;
import io.sluice.api.types.StructType;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.testing.StreamTest;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProcessorPerPartitionTest {
  @Test
  void aProcessorFactoryGivesEachPartitionItsOwnInstance() {
    AtomicInteger made = new AtomicInteger();
    Set<Object> instancesThatRan = ConcurrentHashMap.newKeySet();
    try (StreamSession s = StreamSession.builder().config(EngineOptions.SHUFFLE_PARTITIONS, 3)
            .config("sluice.state.provider", "memory").getOrCreate();
        StreamTest t = StreamTest.builder(s).input("clicks", TwsTestSupport.CLICKS)
            .query(in -> in.get("clicks").transformWithState(List.of("user"), () -> {
              made.incrementAndGet();
              TwsTestSupport.RunningCount delegate = new TwsTestSupport.RunningCount();
              return new io.sluice.api.StatefulProcessor() {
                @Override
                public StructType stateSchema() {
                  return delegate.stateSchema();
                }

                @Override
                public Iterator<Row> handleInputRows(Row key, Iterator<Row> rows, KeyState state, Timers timers) {
                  instancesThatRan.add(this);
                  return delegate.handleInputRows(key, rows, state, timers);
                }
              };
            }, TwsTestSupport.COUNT_OUT, TimeMode.NONE))
            .outputMode(OutputMode.UPDATE).start()) {
      t.addData(Row.of("a", 1), Row.of("b", 1), Row.of("c", 1), Row.of("d", 1), Row.of("e", 1), Row.of("a", 1));
      t.expectBatch(Row.of("a", 2L), Row.of("b", 1L), Row.of("c", 1L), Row.of("d", 1L), Row.of("e", 1L));
      t.addData(Row.of("a", 1));
      t.expectBatch(Row.of("a", 3L));
    }
    // One made by transformWithState(...) to read the state schema, then one per partition used.
    assertThat(instancesThatRan).hasSizeBetween(2, 3);
    assertThat(made.get()).isEqualTo(1 + instancesThatRan.size());
  }
}
