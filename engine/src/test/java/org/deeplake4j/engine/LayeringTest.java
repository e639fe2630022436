package org.deeplake4j.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's layering (docs/architecture.md), enforced: every package imports only packages of
 * its own layer or of layers below it, so there are no cycles between layers; the public packages
 * below the root never reach into {@code internal} except where the layer order allows.
 */
class LayeringTest {
  private static final String E = "org.deeplake4j.engine";

  /** Bottom to top. A layer may use itself and the layers before it, never the ones after it. */
  static final List<List<String>> LAYERS =
      List.of(
          List.of(E + ".errors.."),
          List.of(E + ".types.."),
          List.of(E + ".tql.."),
          List.of(E + ".storage.."),
          List.of(E + ".internal.format.."),
          List.of(E + ".internal.version.."),
          List.of(E + ".internal.read.."),
          List.of(E + ".internal.tql.."),
          List.of(E + ".internal.write..", E + ".internal.views.."),
          List.of(E),
          List.of(E + ".filter..", E + ".scan..", E + ".records.."));

  private static JavaClasses engine;

  @BeforeAll
  static void load() {
    engine =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(E);
  }

  @Test
  void everyEngineClassIsInALayer() {
    List<String> homeless = new ArrayList<>();
    for (JavaClass c : engine) {
      if (layerOf(c.getPackageName()) < 0 && !c.getPackageName().startsWith(E + ".cli")) {
        homeless.add(c.getName());
      }
    }
    assertThat(homeless).as("classes in no layer of LAYERS").isEmpty();
  }

  @Test
  void layersImportOnlyDownward() {
    List<String> violations = new ArrayList<>();
    for (int i = 0; i < LAYERS.size(); i++) {
      List<String> above = new ArrayList<>();
      for (int j = i + 1; j < LAYERS.size(); j++) {
        above.addAll(LAYERS.get(j));
      }
      above.add(E + ".cli..");
      EvaluationResult r =
          noClasses()
              .that()
              .resideInAnyPackage(LAYERS.get(i).toArray(String[]::new))
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(above.toArray(String[]::new))
              .allowEmptyShould(true)
              .evaluate(engine);
      violations.addAll(r.getFailureReport().getDetails());
    }
    assertThat(violations).as("imports that go up a layer").isEmpty();
  }

  @Test
  void noPackageCycles() {
    EvaluationResult r =
        SlicesRuleDefinition.slices()
            .assignedFrom(
                new SliceAssignment() {
                  @Override
                  public SliceIdentifier getIdentifierOf(JavaClass c) {
                    return c.getPackageName().startsWith(E)
                        ? SliceIdentifier.of(c.getPackageName())
                        : SliceIdentifier.ignore();
                  }

                  @Override
                  public String getDescription() {
                    return "engine packages";
                  }
                })
            .should()
            .beFreeOfCycles()
            .evaluate(engine);
    assertThat(r.getFailureReport().getDetails()).as("package cycles").isEmpty();
  }

  /**
   * Main source files stay within about 800 lines; a longer one says why in its class comment (the
   * words "Longer than the ~800 lines").
   */
  @Test
  void longFilesSayWhy() throws IOException {
    Path main = Path.of("src/main/java");
    List<String> tooLong = new ArrayList<>();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        List<String> lines = Files.readAllLines(f);
        if (lines.size() > 820
            && lines.stream().limit(120).noneMatch(l -> l.contains("Longer than the ~800 lines"))) {
          tooLong.add(main.relativize(f) + " (" + lines.size() + " lines)");
        }
      }
    }
    assertThat(tooLong).as("files over ~800 lines without a reason at the top").isEmpty();
  }

  static int layerOf(String pkg) {
    for (int i = 0; i < LAYERS.size(); i++) {
      for (String p : LAYERS.get(i)) {
        String base = p.endsWith("..") ? p.substring(0, p.length() - 2) : p;
        if (p.endsWith("..") ? pkg.equals(base) || pkg.startsWith(base + ".") : pkg.equals(base)) {
          return i;
        }
      }
    }
    return -1;
  }
}
