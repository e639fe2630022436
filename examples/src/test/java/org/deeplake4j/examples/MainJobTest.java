package org.deeplake4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's main job runs on the shipped sample and prints what the sample holds. */
class MainJobTest {
  @Test
  void printsSummaryHistoryAndSamplesOfTheShippedSample() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    MainJob.run(MainJob.defaultDataset(), new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("10 rows")
        .contains("images       image")
        .contains("initial import: 8 shapes")
        .contains("add 2 more shapes")
        .contains("fix label of sample 2")
        .contains("branch relabel (8 rows)")
        .contains("captions[0] = \"a circle number 0 \u2013 sample\"")
        .contains("labels[1] = 1 (square)")
        .contains("row 2: main=triangle relabel=circle");
  }
}
