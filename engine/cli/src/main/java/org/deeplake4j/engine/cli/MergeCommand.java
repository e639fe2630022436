package org.deeplake4j.engine.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplake4j.engine.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code deeplake merge}: merges a branch or commit into a branch, Deep Lake 3.x style. */
@Command(
    name = "merge",
    description = {
      "Merges SOURCE (a branch or commit) into a branch (default main): samples matched by their"
          + " ids; samples changed on both sides are conflicts. Prints the merge commit id."
    })
final class MergeCommand implements Callable<Integer> {
  @ParentCommand DeepLakeCli cli;

  @Mixin BranchArgs target;

  @Parameters(index = "1", paramLabel = "SOURCE", description = "Branch or commit to merge in.")
  String source;

  @Option(
      names = "--conflict",
      paramLabel = "ours|theirs|fail",
      description = "How to resolve samples changed on both sides (default: fail).")
  String conflict = "fail";

  @Option(
      names = "--delete-removed-tensors",
      description = "Delete tensors that SOURCE deleted (default: keep them).")
  boolean deleteRemoved;

  @Override
  public Integer call() {
    Dataset.MergeConflicts mode;
    try {
      mode = Dataset.MergeConflicts.valueOf(conflict.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new DeepLakeCli.CliException(
          "--conflict must be ours, theirs or fail, not '" + conflict + "'");
    }
    try (Dataset ds = target.openWritable()) {
      cli.out.println(ds.merge(source, mode, deleteRemoved));
    }
    return 0;
  }
}
