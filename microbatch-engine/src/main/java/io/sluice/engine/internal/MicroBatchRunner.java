package io.sluice.engine.internal;

import io.sluice.api.connector.InputPartition;
import io.sluice.api.connector.Offset;
import io.sluice.api.connector.PartitionReader;
import io.sluice.api.connector.Source;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.LongVector;
import io.sluice.engine.internal.expr.EvalContext;
import io.sluice.engine.internal.plan.Leaf;
import io.sluice.engine.internal.plan.PNode;
import io.sluice.engine.internal.plan.Pipeline;
import io.sluice.engine.internal.stateful.OpContext;
import io.sluice.engine.internal.stateful.OperatorMetrics;
import io.sluice.engine.internal.stateful.StateStores;
import io.sluice.engine.internal.stateful.StatefulOperator;
import io.sluice.state.StateStore;
import io.sluice.state.StateStoreMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Runs one micro-batch of a physical plan on the executor pool: leaf stages one task per input
 * partition, then for each stateful node a hash shuffle into the shuffle partitions and one task
 * per partition with its state store (opened at the batch's version, committed after).
 */
final class MicroBatchRunner {
  private final ExecutorService pool;
  private final int shufflePartitions;
  private final StateStores stores;
  private final List<Source> sources;

  MicroBatchRunner(ExecutorService pool, int shufflePartitions, StateStores stores, List<Source> sources) {
    this.pool = pool;
    this.shufflePartitions = shufflePartitions;
    this.stores = stores;
    this.sources = sources;
  }

  /** Everything one batch run needs and reports. */
  static final class BatchRun {
    final Offset[] start;
    final Offset[] end;
    final OpContext ctx;
    final AtomicLongArray inputRows;
    final OperatorMetrics[] metrics;

    BatchRun(Offset[] start, Offset[] end, OpContext ctx, int numSources, int numOperators) {
      this.start = start;
      this.end = end;
      this.ctx = ctx;
      this.inputRows = new AtomicLongArray(Math.max(numSources, 1));
      this.metrics = new OperatorMetrics[numOperators];
      for (int i = 0; i < numOperators; i++) {
        metrics[i] = new OperatorMetrics();
      }
    }
  }

  List<List<ColumnBatch>> run(PNode node, BatchRun run) throws Exception {
    if (node instanceof PNode.Scan s) {
      return runScan(s.pipeline(), run);
    } else if (node instanceof PNode.Concat c) {
      List<List<ColumnBatch>> out = new ArrayList<>();
      for (PNode in : c.inputs()) {
        out.addAll(run(in, run));
      }
      return out;
    } else if (node instanceof PNode.Narrow n) {
      List<List<ColumnBatch>> input = run(n.input(), run);
      Pipeline ops = new Pipeline(null, n.ops());
      List<Callable<List<ColumnBatch>>> tasks = new ArrayList<>();
      for (List<ColumnBatch> part : input) {
        tasks.add(() -> {
          EvalContext ctx = new EvalContext(run.ctx.batchTimestampMs() * 1000L);
          List<ColumnBatch> out = new ArrayList<>();
          for (ColumnBatch b : part) {
            addIfNotEmpty(out, ops.apply(b, ctx));
          }
          return out;
        });
      }
      return invokeAll(tasks);
    } else if (node instanceof PNode.Stateful st) {
      return runStateful(st, run);
    }
    throw new IllegalStateException("unknown node " + node);
  }

  private List<List<ColumnBatch>> runScan(Pipeline p, BatchRun run) throws Exception {
    List<Callable<List<ColumnBatch>>> tasks = new ArrayList<>();
    long tsMicros = run.ctx.batchTimestampMs() * 1000L;
    if (p.leaf() instanceof Leaf.SourceLeaf sl) {
      int i = sl.sourceIndex();
      if (run.end[i].json().equals(run.start[i].json())) {
        return List.of();
      }
      Source source = sources.get(i);
      for (InputPartition part : source.planInputPartitions(run.start[i], run.end[i])) {
        tasks.add(() -> {
          EvalContext ctx = new EvalContext(tsMicros);
          List<ColumnBatch> out = new ArrayList<>();
          try (PartitionReader reader = source.createReader(part)) {
            for (ColumnBatch b = reader.next(); b != null; b = reader.next()) {
              if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("task cancelled");
              }
              run.inputRows.addAndGet(i, b.numRows());
              addIfNotEmpty(out, p.apply(b, ctx));
            }
          }
          return out;
        });
      }
    } else {
      Leaf.LocalLeaf local = (Leaf.LocalLeaf) p.leaf();
      tasks.add(() -> {
        EvalContext ctx = new EvalContext(tsMicros);
        List<ColumnBatch> out = new ArrayList<>();
        for (ColumnBatch b : local.relation().batches()) {
          addIfNotEmpty(out, p.apply(b, ctx));
        }
        return out;
      });
    }
    return invokeAll(tasks);
  }

  private List<List<ColumnBatch>> runStateful(PNode.Stateful st, BatchRun run) throws Exception {
    StatefulOperator op = st.operator();
    OperatorMetrics metrics = run.metrics[op.operatorId()];
    int n = shufflePartitions;
    // Per input side: each input task pre-processes its rows and splits them into n buckets.
    List<List<List<ColumnBatch>>> bucketsBySide = new ArrayList<>();
    for (int side = 0; side < st.inputs().size(); side++) {
      List<List<ColumnBatch>> input = run(st.inputs().get(side), run);
      final int s = side;
      List<Callable<List<List<ColumnBatch>>>> tasks = new ArrayList<>();
      for (List<ColumnBatch> part : input) {
        tasks.add(() -> split(op.preShuffle(s, part, run.ctx, metrics), op.shuffleKeyColumns(s), n));
      }
      List<List<List<ColumnBatch>>> perTask = invokeAll(tasks);
      List<List<ColumnBatch>> buckets = new ArrayList<>(n);
      for (int p = 0; p < n; p++) {
        List<ColumnBatch> bucket = new ArrayList<>();
        for (List<List<ColumnBatch>> t : perTask) {
          bucket.addAll(t.get(p));
        }
        buckets.add(bucket);
      }
      bucketsBySide.add(buckets);
    }
    List<Callable<List<ColumnBatch>>> tasks = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      final int partition = p;
      tasks.add(() -> {
        List<List<ColumnBatch>> inputs = new ArrayList<>();
        for (List<List<ColumnBatch>> side : bucketsBySide) {
          inputs.add(side.get(partition));
        }
        StateStore store = stores.open(op.operatorId(), partition, run.ctx.batchId());
        boolean committed = false;
        try {
          List<ColumnBatch> out = op.process(partition, inputs, store, run.ctx, metrics);
          long t0 = System.nanoTime();
          store.commit();
          committed = true;
          metrics.commitTimeMs.add((System.nanoTime() - t0) / 1_000_000);
          StateStoreMetrics m = store.metrics();
          metrics.rowsTotal.add(m.rows());
          metrics.memoryBytes.add(m.memoryBytes());
          return out;
        } finally {
          if (!committed) {
            store.abort();
          }
        }
      });
    }
    return invokeAll(tasks);
  }

  /** Hash-partitions batches by key columns into n buckets. */
  static List<List<ColumnBatch>> split(List<ColumnBatch> batches, int[] keys, int n) {
    List<List<ColumnBatch>> out = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      out.add(new ArrayList<>());
    }
    for (ColumnBatch b : batches) {
      if (b.numRows() == 0) {
        continue;
      }
      if (n == 1) {
        out.get(0).add(b);
        continue;
      }
      int rows = b.numRows();
      int[] hash = new int[rows];
      for (int k : keys) {
        hashInto(b.column(k), hash, rows);
      }
      int[] counts = new int[n];
      int[] part = new int[rows];
      for (int i = 0; i < rows; i++) {
        part[i] = Math.floorMod(hash[i], n);
        counts[part[i]]++;
      }
      int[][] positions = new int[n][];
      for (int p = 0; p < n; p++) {
        positions[p] = new int[counts[p]];
      }
      int[] fill = new int[n];
      for (int i = 0; i < rows; i++) {
        positions[part[i]][fill[part[i]]++] = i;
      }
      for (int p = 0; p < n; p++) {
        if (counts[p] == rows) {
          out.get(p).add(b);
        } else if (counts[p] > 0) {
          out.get(p).add(b.select(positions[p], counts[p]));
        }
      }
    }
    return out;
  }

  /** Mixes column values into per-row hashes; equal values hash equally whatever the batch. */
  private static void hashInto(ColumnVector v, int[] hash, int rows) {
    for (int i = 0; i < rows; i++) {
      int h;
      if (v.isNull(i)) {
        h = 0x9e3779b9;
      } else if (v instanceof LongVector l) {
        h = Long.hashCode(l.get(i) * 0x9E3779B97F4A7C15L);
      } else if (v instanceof IntVector iv) {
        h = iv.get(i) * 0x9E3779B1;
      } else if (v instanceof DoubleVector d) {
        h = Double.hashCode(d.get(i));
      } else if (v instanceof BooleanVector bv) {
        h = bv.get(i) ? 1231 : 1237;
      } else if (v instanceof BytesVector bytes) {
        byte[] data = bytes.data();
        int off = bytes.offset(i);
        int len = bytes.length(i);
        h = 1;
        for (int k = 0; k < len; k++) {
          h = 31 * h + data[off + k];
        }
      } else {
        h = java.util.Objects.hashCode(v.getObject(i));
      }
      hash[i] = 31 * hash[i] + (h ^ (h >>> 16));
    }
  }

  private <T> List<T> invokeAll(List<Callable<T>> tasks) throws Exception {
    if (tasks.size() == 1) {
      return List.of(tasks.get(0).call());
    }
    List<Future<T>> futures = new ArrayList<>(tasks.size());
    for (Callable<T> t : tasks) {
      futures.add(pool.submit(t));
    }
    List<T> out = new ArrayList<>(tasks.size());
    try {
      for (Future<T> f : futures) {
        out.add(f.get());
      }
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw e;
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      throw e;
    }
    return out;
  }

  private static void addIfNotEmpty(List<ColumnBatch> out, ColumnBatch b) {
    if (b != null && b.numRows() > 0) {
      out.add(b);
    }
  }
}
