package io.sluice.engine.internal.plan;

import io.sluice.api.types.StructType;
import io.sluice.engine.internal.stateful.StatefulOperator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A node of the physical DAG. Each node produces a list of partitions of column batches per
 * micro-batch; a {@link Stateful} node hash-partitions its inputs (the shuffle) and runs one task
 * per shuffle partition.
 */
public sealed interface PNode {
  /** @return the output schema */
  StructType schema();

  /**
   * Appends the node's description to an explain text.
   *
   * @param sb the text
   * @param depth the indentation depth
   */
  void explain(StringBuilder sb, int depth);

  /**
   * A leaf with its fused narrow operators: one task per input partition.
   *
   * @param pipeline the fused stage
   * @param schema the output schema
   */
  record Scan(Pipeline pipeline, StructType schema) implements PNode {
    @Override
    public void explain(StringBuilder sb, int depth) {
      sb.append("  ".repeat(depth)).append("Stage (fused, one task per input partition): ")
          .append(pipeline.describe()).append('\n');
    }
  }

  /**
   * The partitions of several inputs, side by side (a union).
   *
   * @param inputs the inputs
   * @param schema the output schema
   */
  record Concat(List<PNode> inputs, StructType schema) implements PNode {
    @Override
    public void explain(StringBuilder sb, int depth) {
      sb.append("  ".repeat(depth)).append("Union\n");
      inputs.forEach(i -> i.explain(sb, depth + 1));
    }
  }

  /**
   * Narrow operators applied to each partition of an input that is not a leaf (e.g. after a
   * stateful operator), in the same task.
   *
   * @param input the input
   * @param ops the operators
   * @param schema the output schema
   */
  record Narrow(PNode input, List<BatchOp> ops, StructType schema) implements PNode {
    @Override
    public void explain(StringBuilder sb, int depth) {
      sb.append("  ".repeat(depth)).append("Stage (fused, one task per partition): ")
          .append(ops.stream().map(BatchOp::describe).collect(Collectors.joining(" -> "))).append('\n');
      input.explain(sb, depth + 1);
    }
  }

  /**
   * A stateful operator after a hash shuffle of its inputs.
   *
   * @param inputs the inputs (two for a stream-stream join)
   * @param operator the operator
   */
  record Stateful(List<PNode> inputs, StatefulOperator operator) implements PNode {
    @Override
    public StructType schema() {
      return operator.outputSchema();
    }

    @Override
    public void explain(StringBuilder sb, int depth) {
      sb.append("  ".repeat(depth)).append("Stage (one task per shuffle partition): ")
          .append(operator.describe()).append(" [operator ").append(operator.operatorId()).append("]\n");
      sb.append("  ".repeat(depth + 1)).append("Exchange hashpartitioning\n");
      inputs.forEach(i -> i.explain(sb, depth + 2));
    }
  }
}
