package io.sluice.engine.internal.stateful;

import io.sluice.api.OutputMode;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import io.sluice.state.StateCodec;
import io.sluice.state.StateSchema;
import io.sluice.state.StateStore;
import java.util.List;

/**
 * A stateful operator: its input is hash-partitioned by {@link #shuffleKeyColumns()} into the
 * query's shuffle partitions, and each partition runs {@link #process} with that partition's state
 * store, opened at the batch's version and committed after.
 *
 * <p>Before the shuffle, each input task may transform its rows ({@link #preShuffle}): drop late
 * rows, aggregate partially, expand windows.
 */
public abstract class StatefulOperator {
  private final int operatorId;
  /** The codec of this operator's state, set when the query starts. */
  protected StateCodec codec;

  /**
   * Creates the operator.
   *
   * @param operatorId its stable id (its state lives in {@code state/<operatorId>/})
   */
  protected StatefulOperator(int operatorId) {
    this.operatorId = operatorId;
  }

  /**
   * Binds the operator to its state schema as recorded in the checkpoint.
   *
   * @param c the codec
   */
  public void bind(StateCodec c) {
    this.codec = c;
  }

  /** @return the stable operator id */
  public final int operatorId() {
    return operatorId;
  }

  /** @return the name in progress records ({@code stateStoreSave}, {@code dedupe}, ...) */
  public abstract String name();

  /** @return a one-line description for {@code explain()} */
  public abstract String describe();

  /** @return the schema of the rows {@link #process} returns */
  public abstract StructType outputSchema();

  /** @return the number of inputs (2 for a stream-stream join) */
  public int numInputs() {
    return 1;
  }

  /**
   * The schema of the rows {@link #preShuffle} returns for an input.
   *
   * @param side the input
   * @return the schema
   */
  public abstract StructType shuffleSchema(int side);

  /**
   * Indexes of the columns of {@link #shuffleSchema(int)} whose hash picks the partition; both
   * inputs of a join hash equal keys equally.
   *
   * @param side the input
   * @return the key column indexes
   */
  public abstract int[] shuffleKeyColumns(int side);

  /** @return the schema of the operator's state (keys and values) */
  public abstract StateSchema stateSchema();

  /** @return true if the operator emits or evicts by watermark, so a moved watermark needs a batch */
  public abstract boolean usesWatermark();

  /**
   * When this operator next has work without new input (a processing-time timer coming due), so
   * the driver runs a batch without data at that time.
   *
   * @param partitions the shuffle partitions
   * @param stores opens a partition's store at the next batch's version, to read; abort it after
   * @return epoch milliseconds, or {@link Long#MAX_VALUE} if nothing is pending
   */
  public long nextProcessingTimeDueMs(int partitions, java.util.function.IntFunction<StateStore> stores) {
    return Long.MAX_VALUE;
  }

  /**
   * Checks the output mode (the analyzer's rules for this operator).
   *
   * @param mode the query's mode
   * @throws io.sluice.api.AnalysisException if the operator cannot run in that mode
   */
  public void checkOutputMode(OutputMode mode) {}

  /**
   * Transforms one input task's rows before the shuffle.
   *
   * @param side the input
   * @param input the task's batches
   * @param ctx the batch context
   * @param metrics the operator's counters
   * @return the rows to shuffle, of {@link #shuffleSchema()}
   */
  public abstract List<ColumnBatch> preShuffle(int side, List<ColumnBatch> input, OpContext ctx,
      OperatorMetrics metrics);

  /**
   * Processes one shuffle partition with its state.
   *
   * @param partition the partition
   * @param input per input, the partition's shuffled rows (possibly none, e.g. in a no-data batch)
   * @param store the partition's state store, at version {@code ctx.batchId()}; the caller commits
   * @param ctx the batch context
   * @param metrics the operator's counters
   * @return the output rows, of {@link #outputSchema()}
   * @throws Exception to fail the batch
   */
  public abstract List<ColumnBatch> process(int partition, List<List<ColumnBatch>> input, StateStore store,
      OpContext ctx, OperatorMetrics metrics) throws Exception;
}
