package io.sluice.engine.internal.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.connector.SinkProvider;
import io.sluice.api.connector.SourceProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ServiceRegistrationTest {
  @Test
  void builtinSourcesAreFoundByTheServiceLoader() {
    assertThat(ServiceLoader.load(SourceProvider.class).stream().map(p -> p.get().format()))
        .contains("memory", "rate");
  }

  @Test
  void builtinSinksAreFoundByTheServiceLoader() {
    assertThat(ServiceLoader.load(SinkProvider.class).stream().map(p -> p.get().format()))
        .contains("console", "memory");
  }
}
