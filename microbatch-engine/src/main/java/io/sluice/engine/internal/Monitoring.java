package io.sluice.engine.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.api.StreamingQueryException;
import io.sluice.api.StreamingQueryProgress;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.internal.http.MonitoringServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** What the monitoring endpoints serve for one session. */
final class Monitoring implements MonitoringServer.Content {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SessionImpl session;

  Monitoring(SessionImpl session) {
    this.session = session;
  }

  @Override
  public String metrics() {
    return session.metrics().scrape();
  }

  @Override
  public String unhealthyReason() {
    long stallMs = session.conf(EngineOptions.HEALTH_STALL_TIMEOUT).toMillis();
    ArrayNode problems = JSON.createArrayNode();
    for (StreamExecution q : session.streams().all()) {
      StreamingQueryException failure = q.exception();
      if (failure != null) {
        problems.add(problem(q, "failed", failure.getMessage()));
      } else if (q.isActive()) {
        long started = q.batchStartedMs();
        if (started > 0 && System.currentTimeMillis() - started > stallMs) {
          problems.add(problem(q, "stalled", "a batch has been running for "
              + (System.currentTimeMillis() - started) / 1000 + " s"));
        }
      }
    }
    if (problems.isEmpty()) {
      return null;
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("status", "DOWN");
    root.set("queries", problems);
    return root.toString();
  }

  private static ObjectNode problem(StreamExecution q, String state, String reason) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", String.valueOf(q.id()));
    n.put("name", q.name());
    n.put("state", state);
    n.put("reason", reason);
    return n;
  }

  @Override
  public String queriesJson() {
    ArrayNode out = JSON.createArrayNode();
    for (StreamExecution q : session.streams().all()) {
      ObjectNode n = JSON.createObjectNode();
      n.put("id", String.valueOf(q.id()));
      n.put("runId", String.valueOf(q.runId()));
      n.put("name", q.name());
      n.put("isActive", q.isActive());
      n.put("exception", q.exception() == null ? null : q.exception().getMessage());
      try {
        n.set("status", JSON.readTree(q.status().toJson()));
        ArrayNode progress = JSON.createArrayNode();
        List<StreamingQueryProgress> recent = q.recentProgress();
        for (StreamingQueryProgress p : recent.subList(Math.max(0, recent.size() - 10), recent.size())) {
          progress.add(JSON.readTree(p.toJson()));
        }
        n.set("recentProgress", progress);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.add(n);
    }
    return out.toString();
  }
}
