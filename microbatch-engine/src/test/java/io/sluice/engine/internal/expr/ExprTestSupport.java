package io.sluice.engine.internal.expr;

import io.sluice.api.Column;
import io.sluice.api.Row;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.plan.Expr;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Builds input batches and runs projections and filters over them. */
final class ExprTestSupport {
  /** The batch timestamp every test context carries. */
  static final Instant BATCH_TIME = Instant.parse("2024-05-06T07:08:09.123456Z");

  private ExprTestSupport() {}

  static StructType schema(StructField... fields) {
    return new StructType(Arrays.asList(fields));
  }

  static ColumnBatch batch(StructType schema, Row... rows) {
    return ColumnBatch.fromRows(schema, Arrays.asList(rows));
  }

  static EvalContext ctx() {
    return new EvalContext(BATCH_TIME.getEpochSecond() * 1_000_000L
        + BATCH_TIME.getNano() / 1000);
  }

  static List<Expr> exprs(Column... cols) {
    return Arrays.stream(cols).map(Column::expr).collect(Collectors.toList());
  }

  static Projection projection(ColumnBatch in, Column... cols) {
    return new Projection(exprs(cols), in.schema());
  }

  static ColumnBatch select(ColumnBatch in, Column... cols) {
    return projection(in, cols).apply(in, ctx());
  }

  static ColumnBatch filter(ColumnBatch in, Column condition) {
    return new FilterPredicate(condition.expr(), in.schema()).apply(in, ctx());
  }

  /**
   * A row without a schema. Unlike {@code Row.of(null, x)}, which binds to
   * {@code Row.of(StructType, Object...)}, this works when the first value is null.
   */
  static Row row(Object... values) {
    return Row.of(values);
  }

  static Instant ts(String iso) {
    return Instant.parse(iso);
  }
}
