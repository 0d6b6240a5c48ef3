package io.sluice.engine.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.StreamingQuery;
import io.sluice.api.StreamingQueryListener;
import io.sluice.api.StreamingQueryManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tracks a session's active queries and delivers listener events. */
public final class QueryManagerImpl implements StreamingQueryManager {
  private static final Logger LOG = LoggerFactory.getLogger(QueryManagerImpl.class);
  private final List<StreamExecution> active = new ArrayList<>();
  private final List<StreamExecution> all = new ArrayList<>();
  private final List<StreamingQueryListener> listeners = new CopyOnWriteArrayList<>();
  private int terminations;

  synchronized void register(StreamExecution q) {
    for (StreamExecution other : active) {
      if (q.name() != null && q.name().equals(other.name())) {
        throw new AnalysisException("Cannot start query with name '" + q.name()
            + "': a query of that name is already active in this session. Stop it first or pick "
            + "another queryName.");
      }
    }
    active.add(q);
    all.add(q);
  }

  /** @return every query started in this session, including stopped and failed ones */
  synchronized List<StreamExecution> all() {
    return List.copyOf(all);
  }

  synchronized void unregister(StreamExecution q) {
    active.remove(q);
    all.remove(q);
  }

  synchronized void terminated(StreamExecution q) {
    active.remove(q);
    terminations++;
    notifyAll();
  }

  @Override
  public synchronized List<StreamingQuery> active() {
    return List.copyOf(active);
  }

  @Override
  public synchronized Optional<StreamingQuery> get(UUID id) {
    return active.stream().filter(q -> q.id().equals(id)).map(q -> (StreamingQuery) q).findFirst();
  }

  @Override
  public void addListener(StreamingQueryListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeListener(StreamingQueryListener listener) {
    listeners.remove(listener);
  }

  @Override
  public synchronized void awaitAnyTermination() throws InterruptedException {
    int seen = terminations;
    while (terminations == seen && !active.isEmpty()) {
      wait();
    }
  }

  void stopAll() {
    for (StreamingQuery q : active()) {
      q.stop();
    }
  }

  void post(java.util.function.Consumer<StreamingQueryListener> event) {
    for (StreamingQueryListener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("StreamingQueryListener {} failed; ignored", l, e);
      }
    }
  }
}
