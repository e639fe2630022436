package org.deeplake4j.engine.cli;

import java.util.concurrent.Callable;
import org.deeplake4j.engine.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code deeplake reset}: discards the uncommitted changes of a branch HEAD. */
@Command(
    name = "reset",
    description = {
      "Discards the uncommitted changes of a branch (default main), as Python's ds.reset():"
          + " the branch reads as its last commit again. A HEAD without changes is refused."
          + " Prints nothing."
    })
final class ResetCommand implements Callable<Integer> {
  @ParentCommand DeepLakeCli cli;

  @Mixin BranchArgs target;

  @Override
  public Integer call() {
    try (Dataset ds = target.openWritable()) {
      ds.reset();
    }
    return 0;
  }
}
