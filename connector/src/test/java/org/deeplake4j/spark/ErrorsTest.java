package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input fails in load(), as an AnalysisException naming the problem, before any job. */
class ErrorsTest {
  @TempDir Path empty;

  private static DataFrameReader reader() {
    return SharedSpark.get().read().format("deeplake");
  }

  private static AnalysisException failsBeforeAnyJob(Runnable load) {
    SparkContext sc = SharedSpark.get().sparkContext();
    String group = "errors-" + System.nanoTime();
    sc.setJobGroup(group, "bad input", false);
    try {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(load::run);
      assertThat(t).isInstanceOf(AnalysisException.class);
      assertThat(sc.statusTracker().getJobIdsForGroup(group)).as("jobs started").isEmpty();
      return (AnalysisException) t;
    } finally {
      sc.clearJobGroup();
    }
  }

  @Test
  void notADataset() {
    AnalysisException e = failsBeforeAnyJob(() -> reader().load(empty.toString()));
    assertThat(e.getCondition()).isEqualTo("DEEPLAKE_DATASET_NOT_FOUND");
    assertThat(e.getSqlState()).isEqualTo("42P01");
    assertThat(e.getMessage()).contains(empty.toString()).contains("dataset_meta.json");
    assertThat(
            failsBeforeAnyJob(() -> reader().load(empty.resolve("missing").toString()))
                .getMessage())
        .contains("missing");
  }

  @Test
  void unknownRef() {
    AnalysisException e =
        failsBeforeAnyJob(
            () -> reader().option("ref", "nope").load(Fixture.of("version_control").path()));
    assertThat(e.getCondition()).isEqualTo("DEEPLAKE_REF_NOT_FOUND");
    assertThat(e.getMessage()).contains("'nope'").contains("Branches: main, alt");
    AnalysisException at =
        failsBeforeAnyJob(() -> reader().load(Fixture.of("version_control").path() + "@gone"));
    assertThat(at.getMessage()).contains("'gone'");
  }

  @Test
  void unknownTensor() {
    AnalysisException e =
        failsBeforeAnyJob(
            () ->
                reader()
                    .option("tensors", "labels, nope")
                    .load(Fixture.of("labels_bbox_embedding").path()));
    assertThat(e.getCondition()).isEqualTo("DEEPLAKE_TENSOR_NOT_FOUND");
    assertThat(e.getMessage()).contains("'nope'").contains("labels, multi, boxes, emb");
  }

  @Test
  void invalidOptions() {
    String p = Fixture.of("groups").path();
    assertThat(
            failsBeforeAnyJob(() -> reader().option("includeHidden", "yes").load(p)).getMessage())
        .contains("'yes'")
        .contains("includeHidden")
        .contains("true or false");
    assertThat(
            failsBeforeAnyJob(() -> reader().option("partitionBytes", "-3").load(p)).getCondition())
        .isEqualTo("DEEPLAKE_INVALID_OPTION");
    assertThat(
            failsBeforeAnyJob(() -> reader().option("ref", "main").load(p + "@other"))
                .getCondition())
        .isEqualTo("DEEPLAKE_CONFLICTING_REFS");
    assertThat(failsBeforeAnyJob(() -> reader().load()).getMessage()).contains("dataset path");
    // (refused when the scan is planned: the same provider takes a write's DataFrame schema)
    assertThatThrownBy(() -> reader().schema("a INT").load(p).collect())
        .hasMessageContaining("does not support user-specified schema");
  }
}
