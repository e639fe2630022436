package org.deeplake4j.spark;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The connector is an adapter over the engine's public API (issue 13): no class of it reaches into
 * {@code org.deeplake4j.engine.internal}. What it needs from the engine is public there (e.g.
 * {@code Tensor.metadata()}, {@code types.Htype}, {@code types.Float16}).
 */
class LayeringTest {
  private static final JavaClasses CONNECTOR =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.deeplake4j.spark");

  @Test
  void connectorUsesOnlyTheEnginesPublicApi() {
    noClasses()
        .that()
        .resideInAPackage("org.deeplake4j.spark..")
        .should()
        .dependOnClassesThat(resideInAPackage("org.deeplake4j.engine.internal.."))
        .because("the connector converts and delegates through the engine's public API")
        .check(CONNECTOR);
  }

  @Test
  void connectorDoesNotCallTheDeprecatedInternalAccessors() {
    noClasses()
        .that()
        .resideInAPackage("org.deeplake4j.spark..")
        .should()
        .callMethod(Tensor.class, "meta")
        .orShould()
        .callMethod(Tensor.class, "chunkIdEncoder")
        .orShould()
        .callMethod(Dataset.class, "meta")
        .orShould()
        .callMethod(Dataset.class, "versionGraph")
        .because("they expose internal types; use Tensor.metadata(), chunkRowOf() and isTiled()")
        .check(CONNECTOR);
  }
}
