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
}
