package io.sluice.examples.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker/entrypoint.sh} turns SLUICE_* variables into the demo's flags: run with a fake
 * {@code java} on the PATH that prints the arguments it was given.
 */
@Timeout(30)
class EntrypointTest {
  @TempDir
  Path bin;

  private List<String> run(Map<String, String> env, String... args) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> command = new ArrayList<>(List.of("/bin/sh", DockerFiles.file("entrypoint.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("SLUICE_") || k.equals("JAVA_OPTS"));
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().toList();
  }

  @Test
  void defaultsRunTheDemoOnPort8080BoundToAllInterfacesWritingToData() throws Exception {
    assertThat(run(Map.of("SLUICE_BOOTSTRAP_SERVERS", "kafka:9092"))).containsExactly(
        "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError",
        "-Dsluice.http.port=8080", "-Dsluice.http.host=0.0.0.0",
        "-cp", "/app/lib/*:/app/examples.jar", "io.sluice.examples.medallion.MedallionDemo",
        "--bootstrap-servers", "kafka:9092", "--trigger", "5s", "--data-dir", "/data", "--http-port", "8080",
        "--events", "0", "--generate", "true");
  }

  @Test
  void everyVariableBecomesItsFlagAndArgumentsComeLast() throws Exception {
    List<String> args = run(Map.of(
        "SLUICE_BOOTSTRAP_SERVERS", "broker-1:9092,broker-2:9092",
        "SLUICE_TRIGGER", "available-now",
        "SLUICE_DATA_DIR", "/mnt/lake dir",
        "SLUICE_HTTP_PORT", "9000",
        "SLUICE_HTTP_HOST", "127.0.0.1",
        "SLUICE_EVENTS", "5000",
        "SLUICE_GENERATE", "false",
        "JAVA_OPTS", "-Xmx1g  -Dfoo=*"), "--trigger", "1s");
    assertThat(args).containsExactly(
        "-Xmx1g", "-Dfoo=*", "-Dsluice.http.port=9000", "-Dsluice.http.host=127.0.0.1",
        "-cp", "/app/lib/*:/app/examples.jar", "io.sluice.examples.medallion.MedallionDemo",
        "--bootstrap-servers", "broker-1:9092,broker-2:9092", "--trigger", "available-now",
        "--data-dir", "/mnt/lake dir", "--http-port", "9000", "--events", "5000", "--generate", "false",
        "--trigger", "1s");
  }

  @Test
  void withoutBootstrapServersTheFlagIsLeftToTheDemo() throws Exception {
    assertThat(run(Map.of())).doesNotContain("--bootstrap-servers");
  }

  @Test
  void aCommandInsteadOfFlagsRunsThatCommand() throws Exception {
    assertThat(run(Map.of(), "echo", "hello")).containsExactly("hello");
  }
}
