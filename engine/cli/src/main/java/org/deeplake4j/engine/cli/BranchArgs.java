package org.deeplake4j.engine.cli;

import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.DatasetPath;
import org.deeplake4j.engine.OpenOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The dataset operand of the commands that write: {@code PATH[@BRANCH]} and {@code --ref BRANCH}. A
 * dataset stores no checked-out branch, so the branch written is named on every call ({@code main}
 * by default); commits are immutable and are refused here.
 */
final class BranchArgs {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "PATH",
      description = "Dataset path or URL; PATH@BRANCH writes branch BRANCH.")
  String path;

  @Option(
      names = "--ref",
      paramLabel = "BRANCH",
      description = "Branch to write (default: main); it must exist.")
  String ref;

  @Mixin LockTimeoutArg lock;

  /** The dataset path without an {@code @BRANCH} suffix. */
  String datasetPath() {
    return DatasetPath.parse(path).path();
  }

  /** The branch written: {@code --ref}, else the one in PATH, else {@code main}. */
  String branch() {
    DatasetPath p = DatasetPath.parse(path);
    if (ref != null && p.ref() != null && !ref.equals(p.ref())) {
      throw new ParameterException(
          spec.commandLine(), "--ref " + ref + " contradicts the ref '" + p.ref() + "' in " + path);
    }
    if (ref != null) {
      return ref;
    }
    return p.ref() != null ? p.ref() : "main";
  }

  /** Options for a writable open of {@code branch}. */
  OpenOptions openOptions(String branch) {
    return lock.apply(OpenOptions.defaults().withReadOnly(false).withRef(branch));
  }

  /** Opens the dataset writable at the HEAD of {@link #branch()}; a commit id is refused. */
  Dataset openWritable() {
    return openBranch(datasetPath(), branch(), lock);
  }

  /**
   * Opens {@code path} writable at the HEAD of {@code branch}, which must be a branch name, waiting
   * for another writer's lock as {@code lock} says.
   */
  static Dataset openBranch(String path, String branch, LockTimeoutArg lock) {
    Dataset ds =
        Dataset.open(path, lock.apply(OpenOptions.defaults().withReadOnly(false).withRef(branch)));
    if (!DatasetArgs.isBranch(ds, branch)) {
      String branches = String.join(", ", ds.branches());
      ds.close();
      throw new DeepLakeCli.CliException(
          "'"
              + branch
              + "' is a commit, not a branch, and commits are immutable; write to a branch ("
              + branches
              + ")");
    }
    return ds;
  }

  /** Refuses {@code PATH@REF} where a command takes its refs as separate arguments. */
  static String plainPath(CommandSpec spec, String path, String hint) {
    DatasetPath p = DatasetPath.parse(path);
    if (p.ref() != null) {
      throw new ParameterException(
          spec.commandLine(), "PATH@REF is not accepted by this command (" + hint + "): " + path);
    }
    return p.path();
  }
}
