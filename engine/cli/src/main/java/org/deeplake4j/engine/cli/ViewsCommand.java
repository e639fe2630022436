package org.deeplake4j.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.DatasetView;
import org.deeplake4j.engine.ViewEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code deeplake views PATH}: the views saved in a dataset ({@code queries.json}, Python's {@code
 * ds.get_views()}); {@code --load ID} prints a view's dataset rows, {@code --delete ID} deletes it.
 */
@Command(
    name = "views",
    description = {
      "Lists the views saved in the dataset (by Python's save_view or 'deeplake query"
          + " --save-view'), one per line: id, rows kind (virtual or optimized), commit, saved at"
          + " (UTC) and message; --json prints one JSON object per view instead (the stored"
          + " entry).",
      "--load ID prints the dataset rows of view ID, in view order, as one JSON array (an"
          + " optimized view prints the rows of its copy). --delete ID deletes view ID."
    })
final class ViewsCommand implements Callable<Integer> {
  @ParentCommand DeepLakeCli cli;

  @Spec CommandSpec spec;

  @Mixin DatasetArgs dataset;

  @Mixin LockTimeoutArg lock;

  @Option(names = "--json", description = "Print each view's stored entry as one JSON line.")
  boolean json;

  @Option(names = "--load", paramLabel = "ID", description = "Print the rows of view ID.")
  String load;

  @Option(names = "--delete", paramLabel = "ID", description = "Delete view ID.")
  String delete;

  @Override
  public Integer call() throws java.io.IOException {
    if (load != null && delete != null) {
      throw new ParameterException(spec.commandLine(), "--load and --delete exclude each other");
    }
    if (delete != null) {
      try (Dataset ds = dataset.openForViews(lock)) {
        ds.deleteView(delete);
        cli.out.println("deleted view " + delete);
      }
      return 0;
    }
    try (Dataset ds = dataset.open()) {
      if (load != null) {
        DatasetView v = ds.loadView(load);
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (long r : v.indices()) {
          a.add(r);
        }
        cli.out.println(DeepLakeCli.JSON_OUT.writeValueAsString(a));
        return 0;
      }
      if (json) {
        for (ViewEntry e : ds.views()) {
          cli.out.println(DeepLakeCli.JSON_OUT.writeValueAsString(e.info()));
        }
        return 0;
      }
      TextTable t = new TextTable("id", "kind", "commit", "saved at", "message");
      for (ViewEntry e : ds.views()) {
        double at = e.createdAt();
        t.add(
            e.id(),
            e.virtual() ? "virtual" : "optimized",
            e.commitId() == null ? "-" : e.commitId(),
            Double.isNaN(at)
                ? "-"
                : Instant.ofEpochMilli((long) (at * 1000))
                    .toString()
                    .replaceFirst("\\.\\d+Z$", "Z"),
            e.message().isEmpty() ? e.query().orElse("") : e.message());
      }
      t.lines().forEach(cli.out::println);
    }
    return 0;
  }

  /** Saves {@code view} as view {@code id} and prints {@code saved view ID (...)}. */
  static void save(DeepLakeCli cli, DatasetView view, String id, String message, boolean optimize) {
    ViewEntry e = view.saveView(id, message, optimize);
    cli.out.println(
        "saved view "
            + e.id()
            + " ("
            + view.length()
            + " rows, "
            + (e.virtual() ? "virtual" : "optimized")
            + ", commit "
            + e.commitId()
            + ")");
  }
}
