package io.sluice.engine;

import static io.sluice.api.Functions.col;
import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.StreamingQueryListener;
import io.sluice.api.StreamingQueryProgress;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.connectors.MemoryStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ProgressAndListenerTest {
  static final StructType EVENTS = DataTypes.struct(field("name", DataTypes.STRING), field("n", DataTypes.INT));
  StreamSession session;
  @TempDir Path dir;

  @BeforeEach
  void createSession() {
    session = StreamSession.builder().getOrCreate();
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  @Test
  void progressHasSparksFieldsAndCountsRowsPerSourceAndSink() throws Exception {
    MemoryStream input = MemoryStream.create(session, EVENTS);
    StreamingQuery q = input.toDF().filter(col("n").gt(1)).writeStream()
        .queryName("progress_test")
        .format("memory")
        .option("checkpointLocation", dir.toString())
        .start();
    try {
      input.addData(List.of(Row.of("a", 1), Row.of("b", 2), Row.of("c", 3)));
      q.processAllAvailable();
      StreamingQueryProgress p = q.lastProgress();
      assertThat(p.batchId()).isZero();
      assertThat(p.numInputRows()).isEqualTo(3);
      assertThat(p.sink().numOutputRows()).isEqualTo(2);
      assertThat(p.name()).isEqualTo("progress_test");
      assertThat(p.id()).isEqualTo(q.id());
      assertThat(p.durationMs()).containsKeys("latestOffset", "walCommit", "queryPlanning", "addBatch",
          "commitOffsets", "triggerExecution");

      JsonNode json = new ObjectMapper().readTree(p.toJson());
      assertThat(json.fieldNames()).toIterable().contains("id", "runId", "name", "timestamp", "batchId",
          "batchDuration", "numInputRows", "inputRowsPerSecond", "processedRowsPerSecond", "durationMs",
          "stateOperators", "sources", "sink");
      JsonNode source = json.get("sources").get(0);
      assertThat(source.get("description").asText()).startsWith("MemoryStream");
      assertThat(source.get("numInputRows").asLong()).isEqualTo(3);
      assertThat(source.get("endOffset").isObject()).isTrue();
      assertThat(json.get("sink").get("numOutputRows").asLong()).isEqualTo(2);
      assertThat(new ObjectMapper().readTree(p.prettyJson())).isEqualTo(json);
      assertThat(q.recentProgress()).containsExactly(p);
      assertThat(q.status().isTriggerActive()).isFalse();
    } finally {
      q.stop();
    }
  }

  @Test
  void listenerSeesStartedProgressIdleAndTerminated() {
    List<String> events = new CopyOnWriteArrayList<>();
    session.streams().addListener(new StreamingQueryListener() {
      @Override
      public void onQueryStarted(QueryStartedEvent event) {
        events.add("started");
      }

      @Override
      public void onQueryProgress(QueryProgressEvent event) {
        events.add("progress " + event.progress().batchId());
      }

      @Override
      public void onQueryIdle(QueryIdleEvent event) {
        if (!events.contains("idle")) {
          events.add("idle");
        }
      }

      @Override
      public void onQueryTerminated(QueryTerminatedEvent event) {
        events.add("terminated " + event.exception());
      }
    });
    MemoryStream input = MemoryStream.create(session, EVENTS);
    input.addData(List.of(Row.of("a", 1)));
    StreamingQuery q = input.toDF().writeStream().foreachBatch((b, id) -> { }).start();
    assertThat(session.streams().active()).containsExactly(q);
    q.processAllAvailable();
    q.processAllAvailable();
    q.stop();
    assertThat(events).containsExactly("started", "progress 0", "idle", "terminated null");
    assertThat(session.streams().active()).isEmpty();
    assertThat(q.isActive()).isFalse();
  }
}
