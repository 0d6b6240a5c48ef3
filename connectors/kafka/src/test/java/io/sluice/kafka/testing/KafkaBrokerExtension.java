package io.sluice.kafka.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives test classes a real Kafka 4.x broker: an {@link EmbeddedKafka} (KRaft, single node, random
 * loopback port) started on first use and shared by every test class of the JVM run, then stopped
 * when the run ends. Tests isolate themselves by topic name ({@link #uniqueTopic(String)}).
 *
 * <p>A Docker-based broker (Testcontainers) is not offered: the in-JVM broker starts in a few
 * seconds, needs no Docker engine, and runs the same Kafka code.
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * ... KAFKA.kafka().createTopic(topic, 3) ...
 * }</pre>
 */
public final class KafkaBrokerExtension implements BeforeAllCallback {
  private static final Object LOCK = new Object();
  private static int topicCounter;
  private volatile EmbeddedKafka kafka;

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext.Store root = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
    synchronized (LOCK) {
      Holder h = root.getOrComputeIfAbsent(Holder.class, k -> new Holder(EmbeddedKafka.start()), Holder.class);
      kafka = h.kafka;
    }
  }

  /** @return the running broker */
  public EmbeddedKafka kafka() {
    if (kafka == null) {
      throw new IllegalStateException("the broker starts in beforeAll: register the extension as a static field");
    }
    return kafka;
  }

  /** @return the broker's bootstrap servers */
  public String bootstrapServers() {
    return kafka().bootstrapServers();
  }

  /**
   * A topic name not used before in this JVM run.
   *
   * @param prefix a readable prefix
   * @return the name
   */
  public static String uniqueTopic(String prefix) {
    synchronized (LOCK) {
      return prefix + "-" + (++topicCounter);
    }
  }

  /** Closes the shared broker when the test run ends. */
  private record Holder(EmbeddedKafka kafka) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      kafka.close();
    }
  }
}
