package org.deeplake4j.engine.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The CLI is a client of the engine's public API (issue 13): no class of it reaches into {@code
 * org.deeplake4j.engine.internal}.
 */
class LayeringTest {
  private static final JavaClasses CLI =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.deeplake4j.engine.cli");

  @Test
  void cliUsesOnlyTheEnginesPublicApi() {
    noClasses()
        .that()
        .resideInAPackage("org.deeplake4j.engine.cli..")
        .should()
        .dependOnClassesThat(resideInAPackage("org.deeplake4j.engine.internal.."))
        .because("the CLI is a client of the engine's public API")
        .check(CLI);
  }

  @Test
  void cliDoesNotCallTheDeprecatedInternalAccessors() {
    noClasses()
        .that()
        .resideInAPackage("org.deeplake4j.engine.cli..")
        .should()
        .callMethod(Tensor.class, "meta")
        .orShould()
        .callMethod(Tensor.class, "chunkIdEncoder")
        .orShould()
        .callMethod(Dataset.class, "meta")
        .orShould()
        .callMethod(Dataset.class, "versionGraph")
        .because("they expose internal types; use Tensor.metadata(), chunkRowOf() and isTiled()")
        .check(CLI);
  }
}
