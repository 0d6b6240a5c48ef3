package io.sluice.engine;

import static io.sluice.api.Functions.col;
import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.ExpectationAction;
import io.sluice.api.ExpectationProgress;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.StreamingQueryException;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.connectors.MemorySink;
import io.sluice.engine.connectors.MemoryStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ExpectationsTest {
  static final StructType ORDERS = DataTypes.struct(field("id", DataTypes.STRING), field("amount", DataTypes.INT));
  StreamSession session;
  @TempDir Path dir;

  @BeforeEach
  void open() {
    session = StreamSession.builder().getOrCreate();
  }

  @AfterEach
  void close() {
    session.close();
  }

  @Test
  void dropAndQuarantineRemoveViolatorsCountThemAndQuarantineWithNameAndBatchId() {
    MemoryStream in = MemoryStream.create(session, ORDERS);
    StreamingQuery q = in.toDF()
        .expect("has_id", col("id").isNotNull(), ExpectationAction.QUARANTINE)
        .expect("positive_amount", col("amount").gt(0), ExpectationAction.DROP)
        .writeStream().queryName("silver_exp").format("memory")
        .option("quarantine.format", "memory")
        .option("checkpointLocation", dir.toString())
        .start();
    try {
      in.addData(List.of(Row.of("a", 10), Row.of(null, 5), Row.of("b", -1), Row.of("c", null)));
      q.processAllAvailable();
      assertThat(MemorySink.rows("silver_exp")).containsExactly(Row.of("a", 10));
      assertThat(MemorySink.rows("silver_exp_quarantine")).containsExactly(Row.of(null, 5, "has_id", 0L));
      assertThat(q.lastProgress().expectations()).containsExactly(
          new ExpectationProgress("has_id", ExpectationAction.QUARANTINE, 3, 1),
          new ExpectationProgress("positive_amount", ExpectationAction.DROP, 1, 2));
      assertThat(q.lastProgress().toJson())
          .contains("{\"name\":\"positive_amount\",\"action\":\"DROP\",\"passedRows\":1,\"failedRows\":2}");
      assertThat(EngineMonitoring.scrape(session))
          .contains("sluice_expectation_rows_total{expectation=\"positive_amount\",query=\"silver_exp\",result=\"failed\"} 2.0");
    } finally {
      q.stop();
    }
  }

  @Test
  void failStopsTheQueryNamingTheExpectationAndTheRow() throws Exception {
    MemoryStream in = MemoryStream.create(session, ORDERS);
    in.addData(List.of(Row.of("a", 10), Row.of("b", -7)));
    StreamingQuery q = in.toDF().expect("positive_amount", col("amount").gt(0), ExpectationAction.FAIL)
        .writeStream().foreachBatch((b, id) -> { }).start();
    assertThatThrownBy(() -> q.awaitTermination(Duration.ofSeconds(30)))
        .isInstanceOf(StreamingQueryException.class)
        .hasMessageContaining("Expectation 'positive_amount'")
        .hasMessageContaining("[b,-7]");
  }

  @Test
  void quarantineWithoutAQuarantineSinkIsRejectedAtStart() {
    MemoryStream in = MemoryStream.create(session, ORDERS);
    assertThatThrownBy(() -> in.toDF().expect("has_id", col("id").isNotNull(), ExpectationAction.QUARANTINE)
            .writeStream().format("console").start())
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("quarantine.format");
  }

  @Test
  void aNonBooleanConditionIsRejected() {
    MemoryStream in = MemoryStream.create(session, ORDERS);
    assertThatThrownBy(() -> in.toDF().expect("bad", col("amount"), ExpectationAction.DROP))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("needs a boolean condition");
  }
}
