package org.deeplake4j.engine.cli;

import java.util.concurrent.Callable;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deeplake branch}: creates a branch from a branch head or a commit. */
@Command(
    name = "branch",
    description = {
      "Creates branch NAME starting at REF (default main) and prints the id of the commit it"
          + " starts from.",
      "REF a branch: as Python's checkout(NAME, create=True) on it, the branch starts at the"
          + " branch's last commit; uncommitted changes on REF are first committed (message 'auto"
          + " commit before checkout to NAME'), and that new commit is printed. REF a commit id:"
          + " the branch starts at that commit."
    })
final class BranchCommand implements Callable<Integer> {
  @ParentCommand DeepLakeCli cli;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH", description = "Dataset path or URL.")
  String path;

  @Parameters(index = "1", paramLabel = "NAME", description = "Name of the new branch.")
  String name;

  @Option(
      names = "--from",
      paramLabel = "REF",
      description = "Branch name or commit id to start from (default: main).")
  String from = "main";

  @Mixin LockTimeoutArg lock;

  @Override
  public Integer call() {
    String p = BranchArgs.plainPath(spec, path, "use --from REF");
    try (Dataset ds =
        Dataset.open(p, lock.apply(OpenOptions.defaults().withReadOnly(false).withRef(from)))) {
      if (DatasetArgs.isBranch(ds, from)) {
        ds.checkout(name, true);
      } else {
        ds.createBranch(name, ds.nodeId());
      }
      cli.out.println(ds.commitDetails(ds.nodeId()).parent());
    }
    return 0;
  }
}
