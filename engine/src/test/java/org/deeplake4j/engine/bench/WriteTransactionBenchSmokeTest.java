package org.deeplake4j.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-transaction benchmark's workloads at a small size, as a correctness test (no timing is
 * asserted): the batches written by a fragment writer read back exactly (three embedding chunks),
 * committed fragments hold every row, and the JSON Lines the import measurement feeds to {@code
 * bin/deeplake import} hold the generator's values.
 */
class WriteTransactionBenchSmokeTest {
  @TempDir Path dir;

  @Test
  void fragmentRoundTripsEveryValue() {
    WriteTransactionBenchmark.checkFragmentRoundTrip(40_000);
  }

  @Test
  void committedFragmentsHoldEveryRow() {
    double[] ms = WriteTransactionBenchmark.commit(dir, 4, 1_500, 2);
    assertThat(ms).hasSize(2);
  }

  @Test
  void jsonLinesHoldTheGeneratedValues() throws Exception {
    Path jsonl = dir.resolve("rows.jsonl");
    Path schema = dir.resolve("schema.json");
    WriteTransactionBenchmark.writeJsonl(jsonl, schema, 50);
    List<String> lines = Files.readAllLines(jsonl);
    assertThat(lines).hasSize(50);
    ObjectMapper m = new ObjectMapper();
    for (int r = 0; r < lines.size(); r++) {
      JsonNode o = m.readTree(lines.get(r));
      assertThat(o.get("id").asLong()).isEqualTo(WriteTransactionBenchmark.id(r));
      assertThat(o.get("label").asInt()).isEqualTo(WriteTransactionBenchmark.label(r));
      assertThat(o.get("text").asText()).isEqualTo(WriteTransactionBenchmark.text(r));
      assertThat(o.get("embedding")).hasSize(WriteTransactionBenchmark.DIM);
      for (int d = 0; d < WriteTransactionBenchmark.DIM; d++) {
        assertThat((float) o.get("embedding").get(d).asDouble())
            .isEqualTo(WriteTransactionBenchmark.emb(r, d));
      }
    }
    assertThat(m.readTree(schema.toFile()).get("tensors")).hasSize(4);
  }
}
