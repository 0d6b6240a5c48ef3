package io.sluice.lakehouse;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Iceberg, Hadoop and Parquet stay inside the connector; its public API exposes none of them. */
class LakehouseArchitectureTest {
  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.sluice");

  @Test
  void onlyTheLakehouseConnectorUsesIcebergHadoopOrParquet() {
    noClasses().that().resideOutsideOfPackage("io.sluice.lakehouse..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.iceberg..", "org.apache.hadoop..",
            "org.apache.parquet..")
        .check(classes);
  }

  @Test
  void thePublicApiExposesNoIcebergHadoopOrParquetTypes() {
    noClasses().that().resideInAPackage("io.sluice.lakehouse")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.iceberg..", "org.apache.hadoop..",
            "org.apache.parquet..")
        .check(classes);
  }

  @Test
  void lakehouseUsesNoEngineInternals() {
    noClasses().that().resideInAPackage("io.sluice.lakehouse..")
        .should().dependOnClassesThat().resideInAnyPackage("io.sluice.engine..", "io.sluice.state..")
        .check(classes);
  }
}
