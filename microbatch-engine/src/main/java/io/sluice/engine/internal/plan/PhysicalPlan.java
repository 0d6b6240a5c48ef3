package io.sluice.engine.internal.plan;

import io.sluice.api.types.StructType;
import java.util.List;

/**
 * The physical DAG of a stateless query: fused pipelines (one per leaf), whose outputs together
 * form the result. Stateful operators (next to come) add shuffle stages after the pipelines.
 *
 * @param pipelines the fused stages
 * @param outputSchema the schema of the result
 */
public record PhysicalPlan(List<Pipeline> pipelines, StructType outputSchema) {
  /** Copies the list. */
  public PhysicalPlan {
    pipelines = List.copyOf(pipelines);
  }

  /** @return the plan as readable text */
  public String explain() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pipelines.size(); i++) {
      sb.append("Stage ").append(i).append(" (fused, one task per input partition): ")
          .append(pipelines.get(i).describe()).append('\n');
    }
    sb.append("Output ").append(outputSchema.simpleString()).append('\n');
    return sb.toString();
  }
}
