package io.sluice.benchmarks.stateful;

import io.sluice.api.AnalysisException;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceContext;
import io.sluice.api.connector.SourceProvider;
import io.sluice.api.types.StructType;
import java.util.Set;

/**
 * The {@code bench-events} source: a fixed, replayable stream of generated click events for the
 * stateful benchmarks, {@code user bigint, page string, ts timestamp, amount double}. See
 * {@link BenchEventsSource} for the rows and {@link BenchEventsOptions} for the options.
 */
public final class BenchEventsSourceProvider implements SourceProvider {
  /** The format name. */
  public static final String FORMAT = "bench-events";

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public StructType schema(ConnectorOptions options, StructType userSchema) {
    BenchEventsSource.Config.from(checked(options));
    if (userSchema != null && !userSchema.equals(BenchEventsSource.SCHEMA)) {
      throw new AnalysisException("The bench-events source has the fixed schema " + BenchEventsSource.SCHEMA
          + "; drop .schema(" + userSchema + ")");
    }
    return BenchEventsSource.SCHEMA;
  }

  @Override
  public Source createSource(SourceContext context) {
    schema(context.options(), context.userSchema());
    return new BenchEventsSource(BenchEventsSource.Config.from(context.options()));
  }

  private static ConnectorOptions checked(ConnectorOptions options) {
    options.checkKnown(FORMAT, BenchEventsOptions.ALL, Set.of());
    return options;
  }
}
