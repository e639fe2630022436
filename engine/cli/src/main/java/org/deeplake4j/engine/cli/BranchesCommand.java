package org.deeplake4j.engine.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplake4j.engine.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code deeplake branches}: every branch with the id of its HEAD node. */
@Command(
    name = "branches",
    description = {
      "Lists the branches, one per line: name and the id of its HEAD node. (A dataset stores no"
          + " checked-out branch, so none is marked current.)"
    })
final class BranchesCommand implements Callable<Integer> {
  @ParentCommand DeepLakeCli cli;

  @Parameters(index = "0", paramLabel = "PATH", description = "Dataset path or URL.")
  String path;

  @Override
  public Integer call() {
    try (Dataset ds = Dataset.open(path)) {
      TextTable t = new TextTable("branch", "head node");
      for (Map.Entry<String, String> b : ds.branchHeads().entrySet()) {
        t.add(b.getKey(), b.getValue());
      }
      t.rowLines().forEach(cli.out::println);
    }
    return 0;
  }
}
