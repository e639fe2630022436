package org.deeplake4j.engine.cli;

import java.util.concurrent.Callable;
import org.deeplake4j.engine.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deeplake delete-branch}: deletes a branch and its versions. */
@Command(
    name = "delete-branch",
    description = {
      "Deletes branch NAME and every version on it, as Python's ds.delete_branch(). main, and a"
          + " branch another branch starts from, cannot be deleted. Prints nothing."
    })
final class DeleteBranchCommand implements Callable<Integer> {
  @ParentCommand DeepLakeCli cli;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH", description = "Dataset path or URL.")
  String path;

  @Parameters(index = "1", paramLabel = "NAME", description = "Branch to delete.")
  String name;

  @Mixin LockTimeoutArg lock;

  @Override
  public Integer call() {
    String p = BranchArgs.plainPath(spec, path, "NAME is the branch to delete");
    try (Dataset ds = BranchArgs.openBranch(p, "main", lock)) {
      ds.deleteBranch(name);
    }
    return 0;
  }
}
