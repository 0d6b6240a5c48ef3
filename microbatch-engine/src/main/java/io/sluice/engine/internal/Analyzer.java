package io.sluice.engine.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.plan.LogicalPlan;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.plan.Planner;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a logical plan: computes each node's output schema, checking every column name and
 * type on the way (the expression resolver raises {@link AnalysisException}s naming the column).
 */
public final class Analyzer {
  private Analyzer() {}

  /**
   * The output schema of a plan.
   *
   * @param plan the plan
   * @return its schema
   * @throws AnalysisException if the plan does not resolve
   */
  public static StructType schemaOf(LogicalPlan plan) {
    if (plan instanceof LogicalPlan.StreamingRelation r) {
      return r.schema();
    } else if (plan instanceof LogicalPlan.LocalRelation l) {
      return l.schema();
    } else if (plan instanceof LogicalPlan.Union u) {
      return unionSchema(u);
    }
    // Planning resolves every expression and operator; it opens nothing.
    return new Planner().translate(plan).node().schema();
  }

  /**
   * The schema of a union: the first input's names, each column's type the common type of the
   * inputs' columns at that position.
   *
   * @param u the union
   * @return the schema
   */
  public static StructType unionSchema(LogicalPlan.Union u) {
    StructType first = schemaOf(u.inputs().get(0));
    List<StructField> fields = new ArrayList<>(first.fields());
    for (int k = 1; k < u.inputs().size(); k++) {
      StructType other = schemaOf(u.inputs().get(k));
      if (other.size() != first.size()) {
        throw new AnalysisException("Union can only be performed on inputs with the same number of "
            + "columns, but the first input has " + first.size() + " columns " + first.fieldNames()
            + " and input " + (k + 1) + " has " + other.size() + " " + other.fieldNames());
      }
      for (int i = 0; i < fields.size(); i++) {
        StructField a = fields.get(i);
        StructField b = other.field(i);
        if (!a.type().equals(b.type())) {
          var common = TypeCoercion.commonType(a.type(), b.type());
          if (common == null) {
            throw new AnalysisException("Union can only be performed on inputs with compatible column"
                + " types: column " + (i + 1) + " ('" + a.name() + "') is " + a.type().simpleString()
                + " in the first input and " + b.type().simpleString() + " in input " + (k + 1));
          }
          fields.set(i, new StructField(a.name(), common, a.nullable() || b.nullable()));
        } else if (b.nullable() && !a.nullable()) {
          fields.set(i, a.withNullable(true));
        }
      }
    }
    return new StructType(fields);
  }
}
