package io.sluice.state;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.sluice.state", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule apiDoesNotDependOnInternals =
      noClasses()
          .that().resideInAPackage("io.sluice.state")
          .should().dependOnClassesThat().resideInAPackage("..internal..")
          .because("users must be able to rely on io.sluice.state without internal types");

  @ArchTest
  static final ArchRule rocksDbStaysInternal =
      noClasses()
          .that().resideOutsideOfPackage("io.sluice.state.internal..")
          .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
          .because("RocksDB is an implementation detail of the RocksDB provider");

  @ArchTest
  static final ArchRule avroStaysInternal =
      noClasses()
          .that().resideInAPackage("io.sluice.state")
          .should().dependOnClassesThat().resideInAPackage("org.apache.avro..")
          .because("values are Avro-encoded internally; the API speaks StateSchema");
}
