package io.sluice.api.connector;

/**
 * A position in a source, written to the checkpoint's offset log as JSON and read back with
 * {@link Source#deserializeOffset(String)}. Implementations are immutable values with
 * {@code equals}.
 */
public interface Offset {
  /** @return the offset as JSON, stable across versions of the connector */
  String json();
}
