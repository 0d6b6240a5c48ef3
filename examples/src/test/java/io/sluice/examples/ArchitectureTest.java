package io.sluice.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN.md, checked over every production class of the reactor: the API never
 * imports internals or other modules, dependencies run one way, and each third-party engine stays
 * inside the module that owns it.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.sluice");
  }

  @Test
  void apiDependsOnNoOtherModuleAndNoInternals() {
    noClasses().that().resideInAPackage("io.sluice.api..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "..internal..", "io.sluice.engine..", "io.sluice.checkpoint..", "io.sluice.state..",
            "io.sluice.kafka..", "io.sluice.lakehouse..", "io.sluice.examples..")
        .check(classes);
  }

  @Test
  void checkpointDependsOnlyOnTheApi() {
    noClasses().that().resideInAPackage("io.sluice.checkpoint..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.sluice.engine..", "io.sluice.state..", "io.sluice.kafka..", "io.sluice.lakehouse..")
        .check(classes);
  }

  @Test
  void stateStoreDependsOnlyOnApiAndCheckpoint() {
    noClasses().that().resideInAPackage("io.sluice.state..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.sluice.engine..", "io.sluice.kafka..", "io.sluice.lakehouse..")
        .check(classes);
  }

  @Test
  void noModuleReachesIntoAnotherModulesInternals() {
    noClasses().that().resideOutsideOfPackage("io.sluice.engine..")
        .should().dependOnClassesThat().resideInAPackage("io.sluice.engine.internal..").check(classes);
    noClasses().that().resideOutsideOfPackage("io.sluice.state..")
        .should().dependOnClassesThat().resideInAPackage("io.sluice.state.internal..").check(classes);
    noClasses().that().resideOutsideOfPackage("io.sluice.checkpoint..")
        .should().dependOnClassesThat().resideInAPackage("io.sluice.checkpoint.internal..").check(classes);
  }

  @Test
  void onlyTheStateStoreTouchesRocksDb() {
    noClasses().that().resideOutsideOfPackage("io.sluice.state..")
        .should().dependOnClassesThat().resideInAPackage("org.rocksdb..").check(classes);
  }

  @Test
  void icebergHadoopAndParquetStayInsideTheLakehouseConnector() {
    noClasses().that().resideOutsideOfPackage("io.sluice.lakehouse..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.iceberg..", "org.apache.hadoop..",
            "org.apache.parquet..").check(classes);
  }

  @Test
  void connectorsDependOnTheApiNotOnEngineInternals() {
    noClasses().that().resideInAnyPackage("io.sluice.kafka..", "io.sluice.lakehouse..")
        .should().dependOnClassesThat().resideInAnyPackage("io.sluice.engine.internal..", "io.sluice.state..")
        .check(classes);
  }

  @Test
  void onlyTheKafkaConnectorTouchesKafkaClients() {
    noClasses().that().resideOutsideOfPackage("io.sluice.kafka..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..").check(classes);
    noClasses().that().resideInAPackage("io.sluice.kafka..").should().dependOnClassesThat()
        .resideInAnyPackage("org.apache.iceberg..", "org.rocksdb..").check(classes);
  }
}
