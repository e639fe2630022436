package org.deeplake4j.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import org.deeplake4j.engine.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code deeplake diff PATH A B}: changes between two versions as one JSON object, in the layout of
 * Python's {@code ds.diff(a, b, as_dict=True)}.
 */
@Command(
    name = "diff",
    description = {
      "Prints the changes between versions A and B (branches or commit ids) as JSON, in the"
          + " layout of Python's ds.diff(a, b, as_dict=True): per side, per version since the"
          + " common ancestor, samples added / updated / deleted per tensor, renames, deletions."
    })
final class DiffCommand implements Callable<Integer> {
  @ParentCommand DeepLakeCli cli;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH", description = "Dataset path or URL.")
  String path;

  @Parameters(index = "1", paramLabel = "A", description = "First version.")
  String a;

  @Parameters(index = "2", paramLabel = "B", description = "Second version.")
  String b;

  @Override
  public Integer call() throws Exception {
    String p = BranchArgs.plainPath(spec, path, "give the versions as A and B");
    try (Dataset ds = Dataset.open(p)) {
      cli.out.println(new ObjectMapper().writeValueAsString(ds.diff(a, b)));
    }
    return 0;
  }
}
