package io.sluice.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateSchemaTest {
  @TempDir Path checkpoint;
  @TempDir Path local;

  private static final List<StateField> KEY =
      List.of(StateField.required("windowEnd", FieldType.LONG),
          StateField.required("page", FieldType.STRING));
  private static final StateSchema V1 =
      new StateSchema(KEY, List.of(StateField.required("views", FieldType.LONG),
          StateField.required("revenue", FieldType.DOUBLE)));

  @Test
  void theSchemaIsRecordedUnderTheOperatorsMetadata() throws Exception {
    StateCodec.open(checkpoint, 4, V1);
    Path file = checkpoint.resolve("state/4/_metadata/schema");
    assertThat(Files.readAllLines(file)).first().isEqualTo("v1");
    assertThat(Files.readString(file)).contains("\"views\"", "\"windowEnd\"");
    StateCodec.open(checkpoint, 4, V1);
    assertThat(Files.readAllLines(file)).hasSize(3);
  }

  @Test
  void aCompatibleEvolutionReadsOldValuesWithTheNewFieldsDefault() {
    StateStoreId id = new StateStoreId(checkpoint, 4, 0);
    StateStoreConf conf = StoreTestSupport.conf(StateStoreOptions.ROCKSDB, local);
    try (StateStoreProvider p = StateStoreProviders.open(id, conf)) {
      TypedStateStore store = new TypedStateStore(p.getStore(0), StateCodec.open(checkpoint, 4, V1));
      store.put(List.of(10L, "home"), List.of(3L, 9.5));
      store.commit();
    }
    StateSchema v2 =
        V1.withValueFields(List.of(
            StateField.required("views", FieldType.LONG),
            StateField.required("revenue", FieldType.DOUBLE),
            StateField.optional("lastUser", FieldType.STRING),
            StateField.required("clicks", FieldType.INT).withDefault(0)));
    StateCodec codec = StateCodec.open(checkpoint, 4, v2);
    try (StateStoreProvider p = StateStoreProviders.open(id, conf)) {
      TypedStateStore store = new TypedStateStore(p.getStore(1), codec);
      assertThat(store.get(List.of(10L, "home"))).isEqualTo(Arrays.asList(3L, 9.5, null, 0));
      store.put(List.of(10L, "cart"), List.of(1L, 2.0, "ann", 7));
      store.commit();
      TypedStateStore reread = new TypedStateStore(p.getStore(2), codec);
      assertThat(reread.get(List.of(10L, "cart"))).isEqualTo(List.of(1L, 2.0, "ann", 7));
      assertThat(reread.get(List.of(10L, "home"))).isEqualTo(Arrays.asList(3L, 9.5, null, 0));
      reread.abort();
    }
    assertThat(StateCodec.open(checkpoint, 4, v2).decodeValue(
        StateCodec.open(checkpoint, 4, V1).encodeValue(List.of(1L, 1.0))))
        .isEqualTo(Arrays.asList(1L, 1.0, null, 0));
  }

  @Test
  void addingAValueFieldWithoutDefaultFailsNamingOperatorAndField() {
    StateCodec.open(checkpoint, 4, V1);
    StateSchema bad =
        V1.withValueFields(List.of(
            StateField.required("views", FieldType.LONG),
            StateField.required("revenue", FieldType.DOUBLE),
            StateField.required("clicks", FieldType.INT)));
    assertThatThrownBy(() -> StateCodec.open(checkpoint, 4, bad))
        .isInstanceOf(StateSchemaIncompatibleException.class)
        .hasMessageContaining("operator 4")
        .hasMessageContaining("clicks")
        .satisfies(e -> assertThat(((StateSchemaIncompatibleException) e).fields())
            .containsExactly("clicks"));
  }

  @Test
  void changingAValueFieldsTypeFailsNamingTheField() {
    StateCodec.open(checkpoint, 4, V1);
    StateSchema bad =
        V1.withValueFields(List.of(
            StateField.required("views", FieldType.STRING),
            StateField.required("revenue", FieldType.DOUBLE)));
    assertThatThrownBy(() -> StateCodec.open(checkpoint, 4, bad))
        .isInstanceOf(StateSchemaIncompatibleException.class)
        .hasMessageContaining("operator 4")
        .hasMessageContaining("views");
  }

  @Test
  void changingTheKeyFailsNamingTheChangedFields() {
    StateCodec.open(checkpoint, 4, V1);
    StateSchema bad =
        new StateSchema(
            List.of(StateField.required("windowEnd", FieldType.LONG),
                StateField.required("country", FieldType.STRING)),
            V1.valueFields());
    assertThatThrownBy(() -> StateCodec.open(checkpoint, 4, bad))
        .isInstanceOf(StateSchemaIncompatibleException.class)
        .hasMessageContaining("operator 4")
        .hasMessageContaining("page")
        .hasMessageContaining("country");
  }

  @Test
  void anotherOperatorHasItsOwnSchema() {
    StateCodec.open(checkpoint, 4, V1);
    StateSchema other = new StateSchema(List.of(StateField.required("id", FieldType.STRING)),
        List.of());
    assertThat(StateCodec.open(checkpoint, 5, other).schema()).isEqualTo(other);
  }
}
