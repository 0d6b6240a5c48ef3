package io.sluice.engine.internal.connectors;

import io.sluice.api.Row;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkBatch;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkProvider;
import io.sluice.api.data.ColumnBatch;
import io.sluice.engine.connectors.BuiltinConnectorOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code console} sink: prints each batch it receives (in any output mode) as Spark's console
 * sink does, a header naming the batch and then the table of {@link TableFormatter}, followed by an
 * empty line:
 *
 * <pre>
 * -------------------------------------------
 * Batch: 3
 * -------------------------------------------
 * +----+---+
 * |name|  n|
 * +----+---+
 * |   a|  1|
 * +----+---+
 *
 * </pre>
 *
 * <p>Options {@code numRows} (default 20) and {@code truncate} (default true). Printing is not
 * transactional, so a batch replayed after a failure is printed again.
 */
public final class ConsoleSinkProvider implements SinkProvider {
  /** The format name. */
  public static final String FORMAT = "console";
  private static final String RULE = "-------------------------------------------\n";

  private final Supplier<PrintStream> out;

  /** Creates the provider printing to {@link System#out} (as it is when a batch prints). */
  public ConsoleSinkProvider() {
    this(() -> System.out);
  }

  /**
   * Creates the provider printing to a given stream, for tests.
   *
   * @param out the stream
   */
  ConsoleSinkProvider(PrintStream out) {
    this(() -> out);
  }

  private ConsoleSinkProvider(Supplier<PrintStream> out) {
    this.out = out;
  }

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public void validate(ConnectorOptions options) {
    options.checkKnown(FORMAT, BuiltinConnectorOptions.consoleSinkOptions(), Set.of());
    options.get(BuiltinConnectorOptions.NUM_ROWS);
    options.get(BuiltinConnectorOptions.TRUNCATE);
  }

  @Override
  public Sink createSink(SinkContext context) {
    validate(context.options());
    return new ConsoleSink(context.options().get(BuiltinConnectorOptions.NUM_ROWS),
        context.options().get(BuiltinConnectorOptions.TRUNCATE), out);
  }

  private static final class ConsoleSink implements Sink {
    private final int numRows;
    private final boolean truncate;
    private final Supplier<PrintStream> out;

    ConsoleSink(int numRows, boolean truncate, Supplier<PrintStream> out) {
      this.numRows = numRows;
      this.truncate = truncate;
      this.out = out;
    }

    @Override
    public void addBatch(long batchId, SinkBatch batch) {
      // One more row than shown tells the formatter whether to say "only showing top N rows";
      // the rest of a large batch is never turned into row objects.
      List<Row> rows = new ArrayList<>();
      for (ColumnBatch b : batch.allBatches()) {
        for (int i = 0; i < b.numRows() && rows.size() <= numRows; i++) {
          rows.add(b.row(i));
        }
      }
      String text = RULE + "Batch: " + batchId + "\n" + RULE
          + TableFormatter.format(batch.schema(), rows, numRows, truncate) + "\n";
      PrintStream stream = out.get();
      // One print call, so batches of concurrent queries do not interleave line by line.
      stream.print(text);
      stream.flush();
    }

    @Override
    public String description() {
      return "ConsoleSink[numRows=" + numRows + ", truncate=" + truncate + "]";
    }
  }
}
