package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Executes every {@code notebooks/*.ipynb} in a real Jupyter kernel (nbclient + ipykernel of the
 * PySpark venv, via {@code src/test/python/run_notebooks.py}) against {@code examples/data/sample}
 * with the shaded runtime jar. The notebooks assert their results, so a wrong value fails the
 * execution; executed copies (with outputs) are written to {@code target/notebooks}.
 */
class NotebooksIT {
  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void notebooksRunAndTheirAssertionsHold() throws Exception {
    Path dir = PythonRun.dir("deeplake4j.notebooks");
    List<String> notebooks = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().endsWith(".ipynb"))
          .sorted()
          .forEach(p -> notebooks.add(p.toString()));
    }
    assertThat(notebooks).as("notebooks in %s", dir).isNotEmpty();
    Path sample = PythonRun.dir("deeplake4j.sample");
    assertThat(sample.resolve("dataset_meta.json")).exists();
    List<String> args = new ArrayList<>();
    args.add("--out");
    args.add(Path.of("target", "notebooks").toAbsolutePath().toString());
    args.add("--timeout");
    args.add("300");
    args.addAll(notebooks);
    PythonRun r =
        PythonRun.run(
            "run_notebooks.py",
            args,
            Map.of(
                "DEEPLAKE_SPARK_JAR", PythonRun.runtimeJar(),
                "DEEPLAKE_SAMPLE", sample.toAbsolutePath().normalize().toString()),
            Duration.ofMinutes(15));
    assertThat(r.exitCode()).as("exit status; output in %s:%n%s", r.log(), r.output()).isZero();
    assertThat(r.lines("NOTEBOOK ")).as(r.output()).hasSize(notebooks.size());
    assertThat(r.lines("NOTEBOOK ")).allMatch(l -> l.contains(" OK "));
    assertThat(r.output()).contains("ALL NOTEBOOKS OK " + notebooks.size());
  }
}
