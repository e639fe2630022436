package org.deeplake4j.engine.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.internal.format.DatasetMeta;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.junit.jupiter.api.Test;

/**
 * The CLI is a client of the engine's public API (issue 13): no class of it reaches into {@code
 * org.deeplake4j.engine.internal}.
 *
 * <p>Two known exceptions until {@code Dataset} (owned by the write-side restructuring) exposes
 * them publicly: {@code summary} reads {@code allow_delete} and the stored order of {@code
 * tensor_names} through {@code Dataset.meta()} ({@link DatasetMeta}), and {@code branches} reads
 * each branch's head node through {@code Dataset.versionGraph()} ({@link VersionGraph}). Remove the
 * exceptions with that change.
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
        .dependOnClassesThat(
            resideInAPackage("org.deeplake4j.engine.internal..")
                .and(not(type(DatasetMeta.class)))
                .and(not(type(VersionGraph.class))))
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
        .because("they expose internal types; use Tensor.metadata(), chunkRowOf() and isTiled()")
        .check(CLI);
  }
}
