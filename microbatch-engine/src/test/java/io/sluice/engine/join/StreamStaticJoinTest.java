package io.sluice.engine.join;

import static io.sluice.api.Functions.col;
import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.DataFrame;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.testing.StreamTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class StreamStaticJoinTest {
  static final StructType ORDERS = DataTypes.struct(field("order", DataTypes.STRING),
      field("customer", DataTypes.INT), field("amount", DataTypes.LONG));
  static final StructType CUSTOMERS = DataTypes.struct(field("id", DataTypes.LONG), field("name", DataTypes.STRING));

  StreamSession session;
  DataFrame customers;

  @BeforeEach
  void createSession() {
    session = StreamSession.builder().appName("test").getOrCreate();
    customers = session.createDataFrame(List.of(
        Row.of(1L, "ann"), Row.of(2L, "bob"), Row.of(2L, "bob2"), Row.of(null, "nobody")), CUSTOMERS);
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  private StreamTest start(java.util.function.Function<DataFrame, DataFrame> q) {
    return StreamTest.builder(session).input("orders", ORDERS).query(in -> q.apply(in.get("orders"))).start();
  }

  @Test
  void innerJoinEmitsOneRowPerMatchingStaticRowAndDropsUnmatchedStreamRows() {
    try (StreamTest t = start(o -> o.join(customers, col("customer").equalTo(col("id"))))) {
      t.addData(Row.of("o1", 1, 10L), Row.of("o2", 2, 20L), Row.of("o3", 3, 30L));
      // customer is an int, id a bigint: the keys are compared as bigint
      t.expectBatch(Row.of("o1", 1, 10L, 1L, "ann"), Row.of("o2", 2, 20L, 2L, "bob"),
          Row.of("o2", 2, 20L, 2L, "bob2"));
      t.addData(Row.of("o4", 1, 40L));
      t.expectBatch(Row.of("o4", 1, 40L, 1L, "ann"));
    }
  }

  @Test
  void nullKeysNeverMatch() {
    try (StreamTest t = start(o -> o.join(customers, col("customer").equalTo(col("id")), "left_outer"))) {
      t.addData(Row.of("o1", null, 10L));
      t.expectBatch(Row.of("o1", null, 10L, null, null));
    }
    try (StreamTest t = start(o -> o.join(customers, col("customer").equalTo(col("id"))))) {
      t.addData(Row.of("o1", null, 10L));
      t.expectBatch();
    }
  }

  @Test
  void nullSafeEqualityMatchesNullKeys() {
    try (StreamTest t = start(o -> o.join(customers, col("customer").eqNullSafe(col("id"))))) {
      t.addData(Row.of("o1", null, 10L), Row.of("o2", 1, 20L));
      t.expectBatch(Row.of("o1", null, 10L, null, "nobody"), Row.of("o2", 1, 20L, 1L, "ann"));
    }
  }

  @Test
  void leftOuterJoinKeepsUnmatchedStreamRowsWithNulls() {
    try (StreamTest t = start(o -> o.join(customers, col("customer").equalTo(col("id")), "left_outer"))) {
      t.addData(Row.of("o1", 1, 10L), Row.of("o2", 2, 20L), Row.of("o3", 3, 30L));
      t.expectBatch(Row.of("o1", 1, 10L, 1L, "ann"), Row.of("o2", 2, 20L, 2L, "bob"),
          Row.of("o2", 2, 20L, 2L, "bob2"), Row.of("o3", 3, 30L, null, null));
    }
  }

  @Test
  void remainingConditionIsEvaluatedOnJoinedRowsAndOuterRowsFailingItGetNulls() {
    try (StreamTest t = start(o -> o.join(customers,
        col("customer").equalTo(col("id")).and(col("name").notEqual("bob2")).and(col("amount").gt(15)),
        "left_outer"))) {
      t.addData(Row.of("o1", 1, 10L), Row.of("o2", 2, 20L));
      t.expectBatch(Row.of("o1", 1, 10L, null, null), Row.of("o2", 2, 20L, 2L, "bob"));
    }
  }

  @Test
  void usingColumnsAppearOnceAndFirst() {
    DataFrame c = customers.withColumnRenamed("id", "customer");
    try (StreamTest t = start(o -> o.join(c, "customer"))) {
      assertThat(t.query()).isNotNull();
      t.addData(Row.of("o1", 1, 10L), Row.of("o3", 3, 30L));
      t.expectBatch(Row.of(1, "o1", 10L, "ann"));
    }
    DataFrame joined = session.createDataFrame(List.of(), ORDERS).join(c, "customer");
    assertThat(joined.schema().fieldNames()).containsExactly("customer", "order", "amount", "name");
  }

  @Test
  void staticLeftStreamRightRightOuterKeepsStreamRowsAndOrdersColumnsLeftThenRight() {
    try (StreamTest t = start(o -> customers.join(o, col("id").equalTo(col("customer")), "right_outer"))) {
      t.addData(Row.of("o1", 1, 10L), Row.of("o3", 3, 30L));
      t.expectBatch(Row.of(1L, "ann", "o1", 1, 10L), Row.of(null, null, "o3", 3, 30L));
    }
  }

  @Test
  void semiAndAntiJoinsKeepStreamRowsWithAndWithoutMatch() {
    try (StreamTest t = start(o -> o.join(customers, col("customer").equalTo(col("id")), "left_semi"))) {
      t.addData(Row.of("o2", 2, 20L), Row.of("o3", 3, 30L));
      t.expectBatch(Row.of("o2", 2, 20L));
    }
    try (StreamTest t = start(o -> o.join(customers, col("customer").equalTo(col("id")), "left_anti"))) {
      t.addData(Row.of("o2", 2, 20L), Row.of("o3", 3, 30L));
      t.expectBatch(Row.of("o3", 3, 30L));
    }
  }

  @Test
  void staticSideMayBeFilteredAndProjected() {
    DataFrame c = customers.filter(col("name").notEqual("bob2")).select(col("id"), col("name").as("cname"));
    try (StreamTest t = start(o -> o.join(c, col("customer").equalTo(col("id"))).select("order", "cname"))) {
      t.addData(Row.of("o2", 2, 20L));
      t.expectBatch(Row.of("o2", "bob"));
    }
  }

  @Test
  void boundedJoinCollects() {
    DataFrame orders = session.createDataFrame(List.of(Row.of("o1", 1, 10L), Row.of("o9", 9, 90L)), ORDERS);
    assertThat(orders.join(customers, col("customer").equalTo(col("id")), "left_outer").collectAsList())
        .containsExactlyInAnyOrder(Row.of("o1", 1, 10L, 1L, "ann"), Row.of("o9", 9, 90L, null, null));
    assertThat(customers.join(orders, col("customer").equalTo(col("id")), "right_outer").collectAsList())
        .containsExactlyInAnyOrder(Row.of(1L, "ann", "o1", 1, 10L), Row.of(null, null, "o9", 9, 90L));
  }

  @Test
  void doubleKeysMatchAcrossSignedZeroAndNaN() {
    StructType schema = DataTypes.struct(field("k", DataTypes.DOUBLE), field("v", DataTypes.STRING));
    DataFrame dim = session.createDataFrame(List.of(Row.of(0.0, "zero"), Row.of(Double.NaN, "nan")), schema)
        .withColumnRenamed("k", "dk").withColumnRenamed("v", "dv");
    try (StreamTest t = StreamTest.builder(session).input("s", schema)
        .query(in -> in.get("s").join(dim, col("k").equalTo(col("dk"))).select("v", "dv")).start()) {
      t.addData("s", Row.of(-0.0, "a"), Row.of(Double.NaN, "b"), Row.of(1.0, "c"));
      t.expectBatch(Row.of("a", "zero"), Row.of("b", "nan"));
    }
  }

  @Test
  void streamWatermarkSurvivesTheJoin() {
    StructType events = DataTypes.struct(field("customer", DataTypes.LONG), field("ts", DataTypes.TIMESTAMP));
    DataFrame joined = StreamTestInputs.stream(session, events).withWatermark("ts", "5 seconds")
        .join(customers, col("customer").equalTo(col("id")));
    assertThat(joined.dropDuplicates("customer", "ts").explainString()).contains("(watermark on ts)");
  }

  @Test
  void fullOuterStreamStaticIsRejected() {
    DataFrame orders = StreamTestInputs.stream(session, ORDERS);
    assertThatThrownBy(() -> orders.join(customers, col("customer").equalTo(col("id")), "full_outer"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("FullOuter join with a streaming DataFrame on the left and a static DataFrame "
            + "on the right is not supported")
        .hasMessageContaining("Use an inner or left_outer join");
  }

  @Test
  void outerJoinWithStreamOnTheWrongSideIsRejected() {
    DataFrame orders = StreamTestInputs.stream(session, ORDERS);
    assertThatThrownBy(() -> customers.join(orders, col("customer").equalTo(col("id")), "left_outer"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("LeftOuter join with a streaming DataFrame on the right and a static DataFrame "
            + "on the left is not supported")
        .hasMessageContaining("stream.join(static, condition, \"left_outer\")");
    assertThatThrownBy(() -> orders.join(customers, col("customer").equalTo(col("id")), "right_outer"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("RightOuter join with a streaming DataFrame on the left");
  }

  @Test
  void ambiguousColumnInConditionIsRejected() {
    DataFrame orders = StreamTestInputs.stream(session, ORDERS);
    DataFrame other = session.createDataFrame(List.of(), DataTypes.struct(field("customer", DataTypes.INT)));
    assertThatThrownBy(() -> orders.join(other, col("customer").equalTo(col("customer"))))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Column 'customer' is ambiguous: it exists on both sides")
        .hasMessageContaining("rename one side with withColumnRenamed");
  }

  @Test
  void unknownColumnAndMissingUsingColumnAreRejected() {
    DataFrame orders = StreamTestInputs.stream(session, ORDERS);
    assertThatThrownBy(() -> orders.join(customers, col("nope").equalTo(col("id"))))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Column 'nope' does not exist on either side of the join");
    assertThatThrownBy(() -> orders.join(customers, "customer"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("USING column 'customer' cannot be resolved on the right side of the join");
  }
}
