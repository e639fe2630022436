package org.deeplake4j.engine.cli;

import java.util.concurrent.Callable;
import org.deeplake4j.engine.Dataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code deeplake commit}: commits the uncommitted changes of a branch HEAD. */
@Command(
    name = "commit",
    description = {
      "Commits the uncommitted changes of a branch (default main) with a message and prints the"
          + " commit id. An unchanged HEAD is refused unless --allow-empty."
    })
final class CommitCommand implements Callable<Integer> {
  @ParentCommand DeepLakeCli cli;

  @Mixin BranchArgs target;

  @Option(
      names = {"-m", "--message"},
      required = true,
      paramLabel = "MSG",
      description = "Commit message.")
  String message;

  @Option(names = "--allow-empty", description = "Commit even when nothing changed.")
  boolean allowEmpty;

  @Override
  public Integer call() {
    try (Dataset ds = target.openWritable()) {
      cli.out.println(ds.commit(message, allowEmpty));
    }
    return 0;
  }
}
