package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** {@code log}, {@code branches} and {@code summary} on the version_control fixture. */
class VersionCommandsTest {
  private static final Path VC_DIR = Fixtures.v3Fixtures().resolve("version_control/dataset");
  private static final String VC = VC_DIR.toString();
  private static final String C1 = "firstdbf9474d461a19e9333c2fd19b46115348f";
  private static final String C2 = "17304953cdfb0b1cccb544574bc14ca24f27afa0";
  private static final String C3 = "991215bd688b27c42ee218e001d4e14278924b55";
  private static final String MAIN_HEAD = "ca98874007d457b961970c48be615640182a2485";
  private static final String ALT_HEAD = "e36c36844acde360b849d5a2b8ecb282a7b2abd7";

  /** The commit time as Python's ds.log() shows it in this JVM's zone, computed independently. */
  private static String pythonTime(String commit) {
    JsonNode info = Fixtures.readJson(VC_DIR.resolve("version_control_info.json"));
    double t = info.get("commits").get(commit).get("commit_time").doubleValue();
    long s = (long) Math.floor(t);
    ZoneOffset off = ZoneId.systemDefault().getRules().getOffset(Instant.ofEpochSecond(s));
    return LocalDateTime.ofEpochSecond(s, 0, off).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
  }

  @Test
  void logOfMainHeadListsUncommittedStateThenCommitsNewestFirst() {
    Cli.Result r = Cli.run("log", VC);
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.outLines())
        .containsExactly(
            "---------------",
            "Deep Lake Version Log",
            "---------------",
            "",
            "Current Branch: main",
            "** There are uncommitted changes on this branch.",
            "",
            "HEAD   : " + MAIN_HEAD + " (main)",
            "Status : uncommitted changes",
            "",
            "Commit : " + C2 + " (main)",
            "Author : public",
            "Time   : " + pythonTime(C2),
            "Message: commit 2: append, update, pop",
            "",
            "Commit : " + C1 + " (main)",
            "Author : public",
            "Time   : " + pythonTime(C1),
            "Message: commit 1: initial data",
            "");
  }

  @Test
  void logOfCleanAltHeadAndOfACommit() {
    Cli.Result alt = Cli.run("log", VC, "--ref", "alt");
    assertThat(alt.exitCode()).as("%s", alt).isZero();
    assertThat(alt.out())
        .contains("Current Branch: alt")
        .doesNotContain("uncommitted")
        .doesNotContain(ALT_HEAD);
    List<String> commits = alt.outLines().stream().filter(l -> l.startsWith("Commit : ")).toList();
    assertThat(commits)
        .containsExactly(
            "Commit : " + C3 + " (alt)",
            "Commit : " + C2 + " (main)",
            "Commit : " + C1 + " (main)");
    assertThat(alt.out()).contains("Message: commit 3 on alt");

    Cli.Result c2 = Cli.run("log", VC + "@" + C2);
    assertThat(c2.exitCode()).as("%s", c2).isZero();
    assertThat(c2.outLines().stream().filter(l -> l.startsWith("Commit : ")))
        .containsExactly("Commit : " + C2 + " (main)", "Commit : " + C1 + " (main)");
    assertThat(c2.out()).doesNotContain("uncommitted");
  }

  @Test
  void logTimeIsTheStoredSecondsAsLocalDateTime() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (Dataset ds = Dataset.open(VC, "alt");
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
      LogCommand.print(ds, out, ZoneOffset.UTC);
      LogCommand.print(ds, out, ZoneOffset.ofHours(2));
    }
    // commit_time 1795312627.998237 (commit 3): 2026-11-22 01:57:07.998 at UTC, truncated.
    assertThat(buf.toString(StandardCharsets.UTF_8))
        .contains("Time   : 2026-11-22T01:57:07\n")
        .contains("Time   : 2026-11-22T03:57:07\n");
    assertThat(LogCommand.time(null, ZoneOffset.UTC)).isEqualTo("None");
    assertThat(LogCommand.time(-0.5, ZoneOffset.UTC)).isEqualTo("1969-12-31T23:59:59");
  }

  @Test
  void branchesListsEveryBranchWithItsHeadNode() {
    Cli.Result r = Cli.run("branches", VC);
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.outLines()).containsExactly("main  " + MAIN_HEAD, "alt   " + ALT_HEAD);
  }

  @Test
  void summaryEqualsPythonSummaryOutput() {
    // The table strings are what deeplake 3.9.52's summary_dataset() returns for these tensors.
    Cli.Result main = Cli.run("summary", VC);
    assertThat(main.exitCode()).as("%s", main).isZero();
    assertThat(main.out())
        .isEqualTo(
            "Dataset(path='"
                + VC
                + "', read_only=True, tensors=['label', 'note', 'num'])\n"
                + "\n tensor      htype      shape    dtype  compression"
                + "\n -------    -------    -------  -------  ------- "
                + "\n  label   class_label  (11, 1)  uint32    None   "
                + "\n  note       text      (11, 1)    str     None   "
                + "\n   num      generic    (11, 2)   int32    None   \n");

    Cli.Result alt = Cli.run("summary", VC, "--ref", "alt");
    assertThat(alt.exitCode()).as("%s", alt).isZero();
    assertThat(alt.out())
        .endsWith(
            "tensors=['alt_extra', 'label', 'note', 'num'])\n"
                + "\n  tensor       htype      shape    dtype  compression"
                + "\n  -------     -------    -------  -------  ------- "
                + "\n alt_extra    generic    (3, 2)   float32   None   "
                + "\n   label    class_label  (11, 1)  uint32    None   "
                + "\n   note        text      (11, 1)    str     None   "
                + "\n    num       generic    (11, 2)   int32    None   \n");
  }

  @Test
  void summaryShapeIntervalsOfDynamicAndSequenceTensors() {
    Cli.Result dyn =
        Cli.run("summary", Fixtures.v3Fixtures().resolve("numeric_dynamic/dataset").toString());
    assertThat(dyn.exitCode()).as("%s", dyn).isZero();
    assertThat(dyn.out()).contains(" (12, 0:7, 1:7, 1:5) ").contains(" (12, 2:8, 0:8) ");
    Cli.Result seq =
        Cli.run("summary", Fixtures.formatExamples().resolve("04_tiling_sequence_link").toString());
    assertThat(seq.exitCode()).as("%s", seq).isZero();
    assertThat(seq.out())
        .containsPattern("\\n\\s+seq\\s+sequence\\[generic\\]\\s+\\(3, 1:3, 2\\)\\s+int32\\s+None")
        .containsPattern("\\n\\s+lnk\\s+link\\[image\\]\\s+\\(2, 4, 5, 3\\)\\s+uint8\\s+png");
  }

  @Test
  void pythonReprOfStrings() {
    assertThat(SummaryCommand.pyRepr("a")).isEqualTo("'a'");
    assertThat(SummaryCommand.pyRepr("it's")).isEqualTo("\"it's\"");
    assertThat(SummaryCommand.pyRepr("a'b\"c\\")).isEqualTo("'a\\'b\"c\\\\'");
    assertThat(SummaryCommand.pyRepr("x\ny")).isEqualTo("'x\\ny'");
  }
}
