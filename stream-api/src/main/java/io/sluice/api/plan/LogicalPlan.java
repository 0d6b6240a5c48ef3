package io.sluice.api.plan;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A node of the logical plan a {@link io.sluice.api.DataFrame} call builds. Immutable records under
 * a sealed interface: the engine's analyzer and planner translate each kind of node. Expressions in
 * a node are unresolved ({@link Expr}); the analyzer resolves them against the child's schema.
 */
public sealed interface LogicalPlan {
  /** @return the direct inputs */
  List<LogicalPlan> children();

  /** @return a one-line description of this node, without its children */
  String describe();

  /** @return true if any leaf of this plan is a streaming source */
  default boolean isStreaming() {
    return this instanceof StreamingRelation
        || children().stream().anyMatch(LogicalPlan::isStreaming);
  }

  /** @return the plan as an indented tree, one node per line */
  default String treeString() {
    StringBuilder sb = new StringBuilder();
    appendTree(this, sb, 0);
    return sb.toString();
  }

  private static void appendTree(LogicalPlan p, StringBuilder sb, int depth) {
    sb.append("  ".repeat(depth)).append(depth > 0 ? "+- " : "").append(p.describe()).append('\n');
    for (LogicalPlan c : p.children()) {
      appendTree(c, sb, depth + 1);
    }
  }

  /**
   * A streaming source, as {@code readStream().format(..).load()} creates it.
   *
   * @param id a unique id: two {@code load()} calls are two sources, one DataFrame used twice is one
   * @param format the connector format name
   * @param options the options as given
   * @param schema the schema the source produces
   */
  record StreamingRelation(String id, String format, Map<String, String> options, StructType schema)
      implements LogicalPlan {
    /** Validates the components. */
    public StreamingRelation {
      options = Map.copyOf(options);
    }

    @Override
    public List<LogicalPlan> children() {
      return List.of();
    }

    @Override
    public String describe() {
      return "StreamingRelation " + format + " " + schema.fieldNames();
    }
  }

  /**
   * A bounded table held in memory: a batch DataFrame such as the one {@code foreachBatch} hands
   * over, or the static side of a join.
   *
   * @param schema the schema
   * @param batches the data
   */
  record LocalRelation(StructType schema, List<ColumnBatch> batches) implements LogicalPlan {
    /** Validates the components. */
    public LocalRelation {
      batches = List.copyOf(batches);
    }

    @Override
    public List<LogicalPlan> children() {
      return List.of();
    }

    @Override
    public String describe() {
      long rows = batches.stream().mapToLong(ColumnBatch::numRows).sum();
      return "LocalRelation " + schema.fieldNames() + " (" + rows + " rows)";
    }
  }

  /**
   * Computes one output column per expression.
   *
   * @param projections the expressions (named by alias, column name or SQL text)
   * @param child the input
   */
  record Project(List<Expr> projections, LogicalPlan child) implements LogicalPlan {
    /** Validates the components. */
    public Project {
      projections = List.copyOf(projections);
    }

    @Override
    public List<LogicalPlan> children() {
      return List.of(child);
    }

    @Override
    public String describe() {
      return "Project [" + projections.stream().map(Expr::sql).collect(Collectors.joining(", ")) + "]";
    }
  }

  /**
   * Keeps the rows for which the condition is true (not false, not null).
   *
   * @param condition a boolean expression
   * @param child the input
   */
  record Filter(Expr condition, LogicalPlan child) implements LogicalPlan {
    @Override
    public List<LogicalPlan> children() {
      return List.of(child);
    }

    @Override
    public String describe() {
      return "Filter " + condition.sql();
    }
  }

  /**
   * All rows of all inputs, matched by column position (as Spark's {@code union}).
   *
   * @param inputs the inputs, all with the same number of columns and compatible types
   */
  record Union(List<LogicalPlan> inputs) implements LogicalPlan {
    /** Validates the components. */
    public Union {
      inputs = List.copyOf(inputs);
    }

    @Override
    public List<LogicalPlan> children() {
      return inputs;
    }

    @Override
    public String describe() {
      return "Union";
    }
  }

  /**
   * Groups rows by keys and aggregates each group (a streaming aggregation keeps its groups in
   * state across batches).
   *
   * @param groupingExprs the keys (columns, {@code window(...)}, {@code session_window(...)})
   * @param aggregateExprs the aggregates ({@link Expr.Aggregate} calls, possibly aliased)
   * @param child the input
   */
  record Aggregate(List<Expr> groupingExprs, List<Expr> aggregateExprs, LogicalPlan child)
      implements LogicalPlan {
    /** Validates the components. */
    public Aggregate {
      groupingExprs = List.copyOf(groupingExprs);
      aggregateExprs = List.copyOf(aggregateExprs);
    }

    @Override
    public List<LogicalPlan> children() {
      return List.of(child);
    }

    @Override
    public String describe() {
      return "Aggregate [" + groupingExprs.stream().map(Expr::sql).collect(Collectors.joining(", "))
          + "] [" + aggregateExprs.stream().map(Expr::sql).collect(Collectors.joining(", ")) + "]";
    }
  }

  /**
   * Declares an event-time column and how late its rows may arrive: the watermark is the largest
   * event time seen minus {@code delay}.
   *
   * @param column the event-time column (timestamp)
   * @param delay the allowed lateness
   * @param child the input
   */
  record EventTimeWatermark(String column, java.time.Duration delay, LogicalPlan child)
      implements LogicalPlan {
    @Override
    public List<LogicalPlan> children() {
      return List.of(child);
    }

    @Override
    public String describe() {
      return "EventTimeWatermark " + column + ", " + delay;
    }
  }

  /**
   * Drops rows whose key columns were seen before.
   *
   * @param columns the key columns (all columns when empty)
   * @param withinWatermark true for {@code dropDuplicatesWithinWatermark}: a key expires at its
   *     first event time plus the watermark delay
   * @param child the input
   */
  record Deduplicate(List<String> columns, boolean withinWatermark, LogicalPlan child)
      implements LogicalPlan {
    /** Validates the components. */
    public Deduplicate {
      columns = List.copyOf(columns);
    }

    @Override
    public List<LogicalPlan> children() {
      return List.of(child);
    }

    @Override
    public String describe() {
      return (withinWatermark ? "DeduplicateWithinWatermark " : "Deduplicate ") + columns;
    }
  }

  /** Join types. */
  enum JoinType {
    /** Rows with a match on both sides. */ INNER,
    /** Every left row, with nulls when unmatched. */ LEFT_OUTER,
    /** Every right row, with nulls when unmatched. */ RIGHT_OUTER,
    /** Every row of both sides. */ FULL_OUTER,
    /** Left rows with a match, left columns only. */ LEFT_SEMI,
    /** Left rows without a match, left columns only. */ LEFT_ANTI;

    /**
     * Parses Spark's join type names ({@code inner}, {@code left}, {@code left_outer},
     * {@code right}, {@code full}, {@code left_semi}, {@code left_anti}, ...).
     *
     * @param name the name
     * @return the type
     * @throws IllegalArgumentException for an unknown name
     */
    public static JoinType parse(String name) {
      switch (name.trim().toLowerCase(java.util.Locale.ROOT).replace("_", "")) {
        case "inner": return INNER;
        case "left": case "leftouter": return LEFT_OUTER;
        case "right": case "rightouter": return RIGHT_OUTER;
        case "full": case "outer": case "fullouter": return FULL_OUTER;
        case "leftsemi": case "semi": return LEFT_SEMI;
        case "leftanti": case "anti": return LEFT_ANTI;
        default:
          throw new IllegalArgumentException("Unknown join type '" + name + "'. Supported: inner, "
              + "left_outer, right_outer, full_outer, left_semi, left_anti");
      }
    }
  }

  /**
   * Joins two inputs on a condition. With {@code usingColumns}, the condition is equality of those
   * columns and the output has each of them once.
   *
   * @param left the left input
   * @param right the right input
   * @param joinType the type
   * @param condition the join condition (may reference both sides), or null with usingColumns
   * @param usingColumns columns joined by equality and merged, or empty
   */
  record Join(LogicalPlan left, LogicalPlan right, JoinType joinType, Expr condition,
      List<String> usingColumns) implements LogicalPlan {
    /** Validates the components. */
    public Join {
      usingColumns = List.copyOf(usingColumns);
    }

    @Override
    public List<LogicalPlan> children() {
      return List.of(left, right);
    }

    @Override
    public String describe() {
      return "Join " + joinType + (usingColumns.isEmpty() ? " " + condition.sql() : " using " + usingColumns);
    }
  }

  /**
   * Arbitrary stateful processing per key: the processor gets each key's new rows, its state and
   * its timers, and returns output rows.
   *
   * @param keyColumns the grouping columns
   * @param processor the user's processor (the one instance, or the factory's first)
   * @param processorFactory makes one processor per state partition, or null to share {@code processor}
   * @param outputSchema the schema of the rows the processor returns
   * @param timeMode which timers the processor may use
   * @param child the input
   */
  record TransformWithState(List<String> keyColumns, io.sluice.api.StatefulProcessor processor,
      java.util.function.Supplier<io.sluice.api.StatefulProcessor> processorFactory,
      StructType outputSchema, io.sluice.api.TimeMode timeMode, LogicalPlan child) implements LogicalPlan {
    /** Validates the components. */
    public TransformWithState {
      keyColumns = List.copyOf(keyColumns);
    }

    @Override
    public List<LogicalPlan> children() {
      return List.of(child);
    }

    @Override
    public String describe() {
      return "TransformWithState " + keyColumns + " " + processor.getClass().getSimpleName() + " "
          + outputSchema.simpleString() + " " + timeMode;
    }
  }

  /**
   * A data-quality expectation: rows for which the condition is false or null violate it.
   *
   * @param name the expectation's name
   * @param condition a boolean condition
   * @param action what happens to violating rows
   * @param child the input
   */
  record Expect(String name, Expr condition, io.sluice.api.ExpectationAction action, LogicalPlan child)
      implements LogicalPlan {
    @Override
    public List<LogicalPlan> children() {
      return List.of(child);
    }

    @Override
    public String describe() {
      return "Expect '" + name + "' " + condition.sql() + " on violation " + action;
    }
  }
}
