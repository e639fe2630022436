package org.deeplake4j.engine.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.records.Records;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code deeplake dump}: one JSON object per line per sample, {@code {"tensor", "index", ...}}
 * followed by the fields of the sample record of the reference fixtures' expected.json.
 */
@Command(
    name = "dump",
    description = {
      "Prints every sample as one JSON object per line: {\"tensor\": KEY, \"index\": I, ...}"
          + " followed by the fields of the fixtures' sample record (value, shape, text, ...).",
      "Tensors in dataset order (visible ones; --hidden adds hidden ones), or those named by"
          + " --tensor, in the order given. float32 values print as the exact double of the"
          + " float; uint64 values unsigned."
    })
final class DumpCommand implements Callable<Integer> {
  /** Lines between checks of the output stream for a closed pipe. */
  private static final int CHECK_EVERY = 256;

  @ParentCommand DeepLakeCli cli;

  @Mixin DatasetArgs dataset;

  @Option(
      names = "--tensor",
      paramLabel = "KEY",
      description = "Dump only this tensor (repeatable; hidden tensors may be named).")
  List<String> tensors = new ArrayList<>();

  @Option(names = "--hidden", description = "Also dump hidden tensors (_<name>_id, _shape, ...).")
  boolean hidden;

  @Override
  public Integer call() throws IOException {
    try (Dataset ds = dataset.open()) {
      List<Tensor> selected = new ArrayList<>();
      for (String n : tensors.isEmpty() ? ds.tensorNames(hidden) : tensors) {
        selected.add(ds.tensor(n)); // resolves every name before any output
      }
      JsonGenerator g =
          DeepLakeCli.JSON_OUT
              .getFactory()
              .createGenerator(cli.out)
              .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
              .setRootValueSeparator(null);
      long lines = 0;
      for (Tensor t : selected) {
        for (long i = 0; i < t.length(); i++) {
          ObjectNode line = JsonNodeFactory.instance.objectNode();
          line.put("tensor", t.name());
          line.put("index", i);
          line.setAll(Records.sample(t, i));
          g.writeTree(line);
          g.writeRaw('\n');
          if (++lines % CHECK_EVERY == 0) {
            g.flush();
            if (cli.out.checkError()) {
              throw new DeepLakeCli.CliException(outputError(lines));
            }
          }
        }
      }
      g.flush();
      if (cli.out.checkError()) {
        throw new DeepLakeCli.CliException(outputError(lines));
      }
    }
    return 0;
  }

  private static String outputError(long lines) {
    return "cannot write to the output (closed pipe or full disk); stopped after "
        + lines
        + " records";
  }
}
