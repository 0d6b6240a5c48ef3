package io.sluice.kafka.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Apache Kafka broker (KRaft, combined broker + controller) running inside this JVM
 * on random free loopback ports, for tests, benchmarks and demos. Starts in a few seconds from
 * {@code kafka_2.13} alone: the storage is formatted with Kafka's own storage tool, then a
 * {@code KafkaRaftServer} is started.
 *
 * <p>Settings fit one node: replication factor 1 for internal topics, one partition for the
 * consumer-offsets and transaction-state topics (so the first group or transaction is ready fast),
 * automatic topic creation off (a missing topic is an error, as in production setups).
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *   kafka.createTopic("orders", 4);
 *   ... option("kafka.bootstrap.servers", kafka.bootstrapServers()) ...
 * }
 * }</pre>
 *
 * <p>Topics created with {@link #createTopic(String, int)} are ready for writes when it returns:
 * every partition has answered a latest-offset lookup. Writing right after creation without that
 * wait can lose records with an idempotent producer (KAFKA-15591).
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final boolean persistent;
  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Admin admin;

  private EmbeddedKafka(Path dir, boolean persistent, KafkaRaftServer server, String bootstrapServers) {
    this.dir = dir;
    this.persistent = persistent;
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.admin = Admin.create(p);
  }

  /**
   * Starts a broker with default settings.
   *
   * @return the running broker, ready for admin requests
   * @throws IllegalStateException if it cannot start
   */
  public static EmbeddedKafka start() {
    return start(Map.of());
  }

  /**
   * Starts a broker with extra broker settings (e.g. {@code log.retention.ms}).
   *
   * @param overrides broker properties that replace the defaults
   * @return the running broker, ready for admin requests
   * @throws IllegalStateException if it cannot start after a few attempts (port races)
   */
  public static EmbeddedKafka start(Map<String, String> overrides) {
    return start(null, overrides);
  }

  /**
   * Starts a broker that keeps its data in {@code dataDir}: stopping it keeps the topics, and a
   * broker started again on the same directory has them back (with new ports). The demo uses this
   * so that a second run resumes from its checkpoints.
   *
   * @param dataDir the broker's directory (created if missing), or null for a temporary one deleted
   *     on close
   * @param overrides broker properties that replace the defaults
   * @return the running broker
   * @throws IllegalStateException if it cannot start after a few attempts
   */
  public static EmbeddedKafka start(Path dataDir, Map<String, String> overrides) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return startOnce(dataDir, overrides);
      } catch (RuntimeException e) {
        // A free port found by binding port 0 may be taken before the broker binds it: retry.
        last = new IllegalStateException("Cannot start the embedded Kafka broker: " + e.getMessage(), e);
      }
    }
    throw last;
  }

  private static EmbeddedKafka startOnce(Path dataDir, Map<String, String> overrides) {
    Path dir;
    boolean persistent = dataDir != null;
    try {
      dir = persistent ? Files.createDirectories(dataDir) : Files.createTempDirectory("sluice-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int brokerPort = freePort();
    int controllerPort = freePort();
    Map<String, String> props = new HashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", dir.resolve("logs").toString());
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "false");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "4");
    props.put("num.recovery.threads.per.data.dir", "1");
    // The log cleaner's dedupe buffer defaults to 128 MiB of heap; tests need little.
    props.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
    props.putAll(overrides);

    format(dir, props);
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    EmbeddedKafka kafka = null;
    try {
      server.startup();
      kafka = new EmbeddedKafka(dir, persistent, server, "127.0.0.1:" + brokerPort);
      kafka.awaitReady();
      return kafka;
    } catch (RuntimeException e) {
      if (kafka != null) {
        kafka.close();
      } else {
        shutdownQuietly(server);
        if (!persistent) {
          deleteRecursively(dir);
        }
      }
      throw e;
    }
  }

  /** Formats the log directory with Kafka's storage tool, as {@code kafka-storage.sh format} does. */
  private static void format(Path dir, Map<String, String> props) {
    Path config = dir.resolve("server.properties");
    Properties p = new Properties();
    p.putAll(props);
    try (OutputStream out = Files.newOutputStream(config)) {
      p.store(out, "sluice embedded kafka");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int rc;
    try (PrintStream ps = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      rc = StorageTool.execute(new String[] {
          "format", "--cluster-id", clusterId(dir), "--config", config.toString(),
          "--ignore-formatted"}, ps);
    }
    if (rc != 0) {
      throw new IllegalStateException("Formatting Kafka storage in " + dir + " failed (" + rc + "): "
          + output.toString(StandardCharsets.UTF_8));
    }
  }

  /** The cluster id of a broker directory: kept in the directory, so a restarted broker matches it. */
  private static String clusterId(Path dir) {
    Path file = dir.resolve("cluster-id");
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      String id = Uuid.randomUuid().toString();
      Files.writeString(file, id, StandardCharsets.UTF_8);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady() {
    try {
      admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Kafka broker at " + bootstrapServers + " did not become ready", e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the {@code host:port} to give clients as {@code bootstrap.servers} */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** @return an admin client for this broker, owned (and closed) by this object */
  public Admin admin() {
    return admin;
  }

  /**
   * Creates a topic and waits until every partition answers a latest-offset lookup, so that
   * producers can write to it at once without losing records (KAFKA-15591).
   *
   * @param name the topic
   * @param partitions the number of partitions
   * @throws IllegalStateException if the topic cannot be created or does not become ready
   */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /**
   * Creates a topic with topic configs (e.g. {@code max.message.bytes}) and waits until it is
   * ready for writes.
   *
   * @param name the topic
   * @param partitions the number of partitions
   * @param configs topic configs
   * @throws IllegalStateException if the topic cannot be created or does not become ready
   */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    try {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + name, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
    }
    List<TopicPartition> tps = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      tps.add(new TopicPartition(name, p));
    }
    awaitPartitionsReady(tps);
  }

  /**
   * Creates a topic unless it exists (a broker restarted on its data directory keeps its topics),
   * then waits until its partitions answer.
   *
   * @param name the topic
   * @param partitions partitions of a new topic
   * @throws IllegalStateException on failure
   */
  public void createTopicIfAbsent(String name, int partitions) {
    try {
      if (!admin.listTopics().names().get().contains(name)) {
        createTopic(name, partitions);
        return;
      }
      int existing = admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().size();
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < existing; p++) {
        tps.add(new TopicPartition(name, p));
      }
      awaitPartitionsReady(tps);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + name, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot look up topic " + name + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Adds partitions to a topic and waits until the new ones are ready for writes.
   *
   * @param name the topic
   * @param totalPartitions the new total number of partitions
   * @throws IllegalStateException on failure
   */
  public void addPartitions(String name, int totalPartitions) {
    try {
      int before = admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().size();
      admin.createPartitions(Map.of(name, NewPartitions.increaseTo(totalPartitions))).all().get();
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = before; p < totalPartitions; p++) {
        tps.add(new TopicPartition(name, p));
      }
      awaitPartitionsReady(tps);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted adding partitions to " + name, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot add partitions to " + name + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Deletes a topic and waits until the broker no longer lists it.
   *
   * @param name the topic
   * @throws IllegalStateException on failure
   */
  public void deleteTopic(String name) {
    try {
      admin.deleteTopics(List.of(name)).all().get();
      long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
      while (admin.listTopics().names().get().contains(name)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topic " + name + " still listed after deletion");
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted deleting topic " + name, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot delete topic " + name + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  private void awaitPartitionsReady(List<TopicPartition> tps) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    tps.forEach(tp -> request.put(tp, OffsetSpec.latest()));
    while (true) {
      try {
        admin.listOffsets(request).all().get();
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + tps, e);
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Partitions " + tps + " did not become ready: " + e.getCause(), e);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted waiting for " + tps, ie);
        }
      }
    }
  }

  /** Stops the broker and deletes its data, unless it was started on a data directory. */
  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
    shutdownQuietly(server);
    if (!persistent) {
      deleteRecursively(dir);
    }
  }

  private static void shutdownQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      // Shutting down a broker that failed to start may fail too; nothing to keep.
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is harmless.
    }
  }
}
