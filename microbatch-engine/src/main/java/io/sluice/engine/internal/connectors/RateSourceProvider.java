package io.sluice.engine.internal.connectors;

import io.sluice.api.AnalysisException;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceContext;
import io.sluice.api.connector.SourceProvider;
import io.sluice.api.types.StructType;
import io.sluice.engine.connectors.BuiltinConnectorOptions;
import java.time.Clock;
import java.util.Set;

/**
 * The {@code rate} source: generates {@code rowsPerSecond} rows per second of wall-clock time, with
 * schema {@code timestamp timestamp, value bigint}, as Spark's rate source does. See
 * {@link RateSource} for the rows and offsets, and {@link BuiltinConnectorOptions} for the options
 * ({@code rowsPerSecond}, {@code numPartitions}, {@code totalRows}, {@code startTimestamp}).
 *
 * <p>Spark's {@code rampUpTime} is not supported (rows are due at a constant rate from the start).
 */
public final class RateSourceProvider implements SourceProvider {
  /** The format name. */
  public static final String FORMAT = "rate";

  private final Clock clock;

  /** Creates the provider with the system clock (used by the service loader). */
  public RateSourceProvider() {
    this(Clock.systemUTC());
  }

  /**
   * Creates the provider with a clock, so tests control which rows are due.
   *
   * @param clock the clock
   */
  RateSourceProvider(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public StructType schema(ConnectorOptions options, StructType userSchema) {
    RateSource.Config.from(checked(options));
    if (userSchema != null && !userSchema.equals(RateSource.SCHEMA)) {
      throw new AnalysisException("The rate source has the fixed schema " + RateSource.SCHEMA
          + "; drop .schema(" + userSchema + ")");
    }
    return RateSource.SCHEMA;
  }

  @Override
  public Source createSource(SourceContext context) {
    schema(context.options(), context.userSchema());
    RateSource.Config config = RateSource.Config.from(context.options());
    long startMs = RateSource.resolveStartTimestamp(context.metadataDir(), config.startTimestamp(), clock);
    return new RateSource(config, startMs, clock);
  }

  private static ConnectorOptions checked(ConnectorOptions options) {
    options.checkKnown(FORMAT, BuiltinConnectorOptions.rateSourceOptions(), Set.of());
    return options;
  }
}
