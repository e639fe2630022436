package org.deeplake4j.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The examples show the engine's public API only: nothing from {@code engine.internal}. */
class LayeringTest {
  @Test
  void examplesUseOnlyTheEnginesPublicApi() {
    noClasses()
        .that()
        .resideInAPackage("org.deeplake4j.examples..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.deeplake4j.engine.internal..")
        .because("examples are written against the public API")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.deeplake4j.examples"));
  }
}
