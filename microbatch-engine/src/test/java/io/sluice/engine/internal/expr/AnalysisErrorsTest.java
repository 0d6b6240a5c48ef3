package io.sluice.engine.internal.expr;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.lower;
import static io.sluice.api.Functions.regexpReplace;
import static io.sluice.api.types.DataTypes.LONG;
import static io.sluice.api.types.DataTypes.STRING;
import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.plan.Expr;
import io.sluice.api.types.StructType;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisErrorsTest {
  private static final StructType IN = ExprTestSupport.schema(field("id", LONG),
      field("name", STRING));

  @Test
  void wrongArgumentTypeNamesTheFunctionAndTheType() {
    assertThatThrownBy(() -> ExprResolver.resolve(lower(col("id")).expr(), IN))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("lower requires a string argument, got bigint: lower(id)");
    assertThatThrownBy(() -> ExprResolver.resolve(col("name").minus(col("id")).and(
        col("id").gt(1)).expr(), IN))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("AND requires a boolean argument, got double: ((name - id) AND (id > 1))");
  }

  @Test
  void unknownFunctionListsTheKnownOnes() {
    assertThatThrownBy(() -> ExprResolver.resolve(
        new Expr.Call("frobnicate", List.of(col("id").expr())), IN))
        .isInstanceOf(AnalysisException.class)
        .hasMessageStartingWith("Unknown function 'frobnicate'. Known functions: [abs, coalesce");
  }

  @Test
  void aggregateOutsideAggIsAnError() {
    assertThatThrownBy(() -> new Projection(
        List.of(new Expr.Aggregate("count", List.of(), false)), IN))
        .isInstanceOf(AnalysisException.class)
        .hasMessageStartingWith("Aggregate function count(*) is only allowed in agg(...)");
  }

  @Test
  void invalidRegexIsReportedAtAnalysis() {
    assertThatThrownBy(() -> ExprResolver.resolve(regexpReplace(col("name"), "(", "").expr(), IN))
        .isInstanceOf(AnalysisException.class)
        .hasMessageStartingWith("Invalid regular expression in regexp_replace");
  }

  @Test
  void starOutsideASelectListIsAnError() {
    assertThatThrownBy(() -> ExprResolver.resolve(col("*").expr(), IN))
        .isInstanceOf(AnalysisException.class)
        .hasMessage("'*' is only allowed in a select list");
  }
}
