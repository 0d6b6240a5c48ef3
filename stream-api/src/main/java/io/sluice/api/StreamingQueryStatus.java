package io.sluice.api;

/**
 * What a query is doing now.
 *
 * @param message e.g. "Waiting for data to arrive", "Processing new data", "Stopped"
 * @param isDataAvailable whether the last trigger found new data
 * @param isTriggerActive whether a trigger is being processed now
 */
public record StreamingQueryStatus(String message, boolean isDataAvailable, boolean isTriggerActive) {
  /** @return the status as Spark's JSON shape */
  public String toJson() {
    return "{\"message\":" + ProgressJson.quote(message) + ",\"isDataAvailable\":" + isDataAvailable
        + ",\"isTriggerActive\":" + isTriggerActive + "}";
  }
}
