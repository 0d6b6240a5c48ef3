package io.sluice.kafka;

import static io.sluice.kafka.KafkaTestSupport.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.kafka.internal.TestHooks;
import io.sluice.kafka.testing.KafkaBrokerExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a Kafka → Kafka query (a child JVM halted at a hook, like kill -9) at each step of the
 * micro-batch loop, restarts it from its on-disk checkpoint and the broker's state only, and checks
 * that a read_committed consumer sees every input exactly once, in order per key.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ExactlyOnceCrashIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  static final int KEYS = 10;
  static final int PER_KEY = 30;
  static KafkaTestSupport kafka;
  static String input;
  @TempDir Path dir;

  @BeforeAll
  static void produceInput() {
    kafka = new KafkaTestSupport(KAFKA.kafka());
    input = KafkaBrokerExtension.uniqueTopic("eos-in");
    KAFKA.kafka().createTopic(input, 3);
    for (int seq = 0; seq < PER_KEY; seq++) {
      for (int k = 0; k < KEYS; k++) {
        kafka.send(input, null, "k" + k, "k" + k + "-" + seq, null, null);
      }
    }
    kafka.flush();
  }

  @AfterAll
  static void close() {
    kafka.close();
  }

  private int runChild(String output, Path checkpoint, String crashPoint, int crashAt, Path log) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", cp, EosCrashApp.class.getName(),
        KAFKA.bootstrapServers(), input, output, checkpoint.toString(), crashPoint, Integer.toString(crashAt))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("child query did not finish; log:\n" + Files.readString(log));
    }
    return p.exitValue();
  }

  @ParameterizedTest
  @ValueSource(strings = {TestHooks.AFTER_OFFSET_WRITE, TestHooks.MID_TRANSACTION, TestHooks.AFTER_SINK_COMMIT})
  void aQueryKilledAtAnyStepAndRestartedWritesEveryInputExactlyOnceInOrderPerKey(String crashPoint) throws Exception {
    String output = KafkaBrokerExtension.uniqueTopic("eos-out");
    KAFKA.kafka().createTopic(output, 3);
    Path checkpoint = dir.resolve("checkpoint");
    Path crashLog = dir.resolve("crash.log");
    int crashed = runChild(output, checkpoint, crashPoint, 2, crashLog);
    assertThat(crashed).as("crash run, log:\n%s", read(crashLog)).isEqualTo(EosCrashApp.CRASH_STATUS);
    // Batch 1 was started (offsets/1 written) and not committed in the checkpoint.
    assertThat(checkpoint.resolve("offsets/1")).exists();
    assertThat(checkpoint.resolve("commits/1")).doesNotExist();
    if (crashPoint.equals(TestHooks.MID_TRANSACTION)) {
      // The dead process left records of an open transaction on the broker.
      assertThat(kafka.readAll(output, false, 61).size()).isGreaterThan(60);
    }

    Path restartLog = dir.resolve("restart.log");
    int restarted = runChild(output, checkpoint, "none", 0, restartLog);
    assertThat(restarted).as("restart run, log:\n%s", read(restartLog)).isZero();

    List<ConsumerRecord<byte[], byte[]>> out = kafka.readAll(output, true, KEYS * PER_KEY);
    List<String> values = new ArrayList<>();
    out.forEach(r -> values.add(str(r.value())));
    assertThat(new HashSet<>(values)).as("distinct outputs").hasSize(KEYS * PER_KEY);
    assertThat(values).as("no duplicates").hasSize(KEYS * PER_KEY);
    Map<String, List<Integer>> perKey = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : out) {
      String v = str(r.value());
      int seq = Integer.parseInt(v.substring(v.indexOf('-') + 1, v.length() - 1));
      perKey.computeIfAbsent(str(r.key()), k -> new ArrayList<>()).add(seq);
    }
    assertThat(perKey).hasSize(KEYS);
    perKey.forEach((k, seqs) -> assertThat(seqs).as("order of key %s", k).isSorted().hasSize(PER_KEY));
  }

  private static String read(Path log) throws Exception {
    File f = log.toFile();
    return f.exists() ? Files.readString(log) : "(no log)";
  }
}
