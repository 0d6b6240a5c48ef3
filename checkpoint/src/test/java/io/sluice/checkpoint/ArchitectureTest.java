package io.sluice.checkpoint;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

@AnalyzeClasses(packages = "io.sluice.checkpoint", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule checkpointDependsOnNoOtherSluiceModule =
      noClasses()
          .that()
          .resideInAPackage("io.sluice.checkpoint..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.sluice.engine..", "io.sluice.state..");

  @ArchTest
  static final ArchRule checkpointDependsOnlyOnTheJdkJacksonSlf4jAndTheApi =
      classes()
          .that()
          .resideInAPackage("io.sluice.checkpoint..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "io.sluice.checkpoint..", "io.sluice.api", "java..", "com.fasterxml.jackson..", "org.slf4j")
          .because("the checkpoint is a leaf module: file formats over the JDK, Jackson and SLF4J");

  @ArchTest
  static final ArchRule checkpointUsesNoStorageOrConnectorLibrary =
      noClasses()
          .that()
          .resideInAPackage("io.sluice.checkpoint..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.rocksdb..", "org.apache.kafka..", "org.apache.iceberg..", "org.apache.avro..");

  @ArchTest
  static final ArchRule publicApiExposesNoInternalType =
      methods()
          .that()
          .arePublic()
          .and()
          .areDeclaredInClassesThat()
          .resideInAPackage("io.sluice.checkpoint")
          .should(notMentionInternalTypes());

  private static ArchCondition<JavaMethod> notMentionInternalTypes() {
    DescribedPredicate<JavaClass> internal =
        DescribedPredicate.describe("internal", c -> c.getPackageName().contains(".internal"));
    return new ArchCondition<>("not have internal types in their signature") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        boolean leaks =
            internal.test(method.getRawReturnType())
                || method.getRawParameterTypes().stream().anyMatch(internal::test);
        if (leaks) {
          events.add(SimpleConditionEvent.violated(method, method.getFullName() + " exposes an internal type"));
        }
      }
    };
  }
}
