package org.deeplake4j.spark;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.junit.jupiter.api.Test;

/**
 * The connector is an adapter over the engine's public API (issue 13): no class of it reaches into
 * {@code org.deeplake4j.engine.internal}. What it needs from the engine is public there (e.g.
 * {@code Tensor.metadata()}, {@code types.Htype}, {@code types.Float16}).
 *
 * <p>One known exception until {@code Dataset} (owned by the write-side restructuring) exposes ref
 * resolution publicly: {@code DeepLakeSnapshot.open} resolves the {@code ref} option through {@code
 * Dataset.versionGraph().resolve(...)} ({@link VersionGraph}). Remove the exception with that
 * change.
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
        .dependOnClassesThat(
            resideInAPackage("org.deeplake4j.engine.internal..").and(not(type(VersionGraph.class))))
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
        .because("they expose internal types; use Tensor.metadata(), chunkRowOf() and isTiled()")
        .check(CONNECTOR);
  }
}
