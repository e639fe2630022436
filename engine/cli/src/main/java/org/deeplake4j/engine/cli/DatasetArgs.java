package org.deeplake4j.engine.cli;

import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.DatasetPath;
import org.deeplake4j.engine.OpenOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The dataset operand shared by the subcommands: {@code PATH[@REF]} and {@code --ref REF}. */
final class DatasetArgs {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "PATH",
      description = "Dataset path or URL; PATH@REF reads branch or commit REF.")
  String path;

  @Option(
      names = "--ref",
      paramLabel = "REF",
      description = "Branch name or commit id to read (default: main).")
  String ref;

  /** The ref that will be read: {@code --ref}, else the one in PATH, else {@code main}. */
  String effectiveRef() {
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

  /** Opens the dataset read-only at {@link #effectiveRef()}. */
  Dataset open() {
    String r = effectiveRef();
    return Dataset.open(DatasetPath.parse(path).path(), OpenOptions.defaults().withRef(r));
  }

  /**
   * Opens the dataset with writable storage at {@link #effectiveRef()}, to save or delete views (a
   * branch HEAD takes the branch's write lock, waiting as {@code lock} says; the dataset's versions
   * are not written).
   */
  Dataset openForViews(LockTimeoutArg lock) {
    String r = effectiveRef();
    return Dataset.open(
        DatasetPath.parse(path).path(),
        lock.apply(OpenOptions.defaults().withRef(r).withReadOnly(false)));
  }

  /** Whether {@code ref} names a branch of {@code ds} (else it is a commit id). */
  static boolean isBranch(Dataset ds, String ref) {
    return ds.branches().contains(ref);
  }
}
