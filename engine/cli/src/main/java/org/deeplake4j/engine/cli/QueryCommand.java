package org.deeplake4j.engine.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.DatasetView;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.TensorView;
import org.deeplake4j.engine.records.Records;
import org.deeplake4j.engine.tql.QueryOptions;
import org.deeplake4j.engine.tql.TqlSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code deeplake query PATH "TQL"}: runs a TQL query; prints the result's dataset row indices in
 * result order as one JSON array on the last line of stdout, or with {@code --rows} the rows
 * themselves in the layout of {@code deeplake dump}. A query with a select list, GROUP BY or
 * UNGROUP BY prints one JSON object per result row first ({@code {"index", "group", "item", column:
 * value...}}).
 */
@Command(
    name = "query",
    description = {
      "Runs a TQL query (SELECT * [WHERE ...] [ORDER BY ... [ASC|DESC]] [LIMIT n [OFFSET m]],"
          + " UNION / INTERSECT / EXCEPT; see docs/tql.md) and prints the dataset row indices"
          + " of the result, in result order, as one JSON array on the last line.",
      "--rows prints the result rows instead, one JSON object per tensor per row in the layout of"
          + " 'deeplake dump' ({\"tensor\", \"index\": dataset row, ...}), row by row in result"
          + " order. A TQL syntax error exits with 2, a query that does not fit the dataset with 1.",
      "A query with a select list, GROUP BY or UNGROUP BY (SELECT labels, COUNT() GROUP BY"
          + " labels) prints one JSON object per result row ({\"index\": dataset row, \"group\":"
          + " member rows, \"item\": sequence item, column: value, ...}) before the indices line"
          + " (--rows: without it)."
    })
final class QueryCommand implements Callable<Integer> {
  @ParentCommand DeepLakeCli cli;

  @Spec CommandSpec spec;

  @Mixin DatasetArgs dataset;

  @Mixin LockTimeoutArg lock;

  @Parameters(
      index = "1",
      paramLabel = "TQL",
      description = "The query, e.g. \"SELECT * WHERE x > 1\".")
  String tql;

  @Option(names = "--rows", description = "Print the result rows instead of their indices.")
  boolean rows;

  @Option(
      names = "--tensor",
      paramLabel = "KEY",
      description = "With --rows: print only this tensor (repeatable).")
  List<String> tensors = new ArrayList<>();

  @Option(
      names = "--save-view",
      paramLabel = "ID",
      description =
          "Also save the result as view ID in the dataset (queries.json and .queries/ID, readable"
              + " by Python's ds.load_view); the version read must be committed without"
              + " uncommitted changes. Prints 'saved view ID' first.")
  String saveView;

  @Option(
      names = "--message",
      paramLabel = "TEXT",
      description = "With --save-view: the view's message.")
  String message;

  @Option(
      names = "--optimize",
      description = "With --save-view: materialize the view (copy its rows, Python's optimize).")
  boolean optimize;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed SAMPLE BY and RANDOM(): the same query and seed give the same rows.")
  Long seed;

  @Override
  public Integer call() throws IOException {
    if (saveView == null && (message != null || optimize)) {
      throw new ParameterException(
          spec.commandLine(), "--message and --optimize need --save-view ID");
    }
    try (Dataset ds = saveView == null ? dataset.open() : dataset.openForViews(lock)) {
      DatasetView view;
      try {
        view = ds.query(tql, seed == null ? QueryOptions.defaults() : QueryOptions.seed(seed));
      } catch (TqlSyntaxException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, tql);
      }
      if (saveView != null) {
        ViewsCommand.save(cli, view, saveView, message, optimize);
      }
      JsonGenerator g =
          DeepLakeCli.JSON_OUT
              .getFactory()
              .createGenerator(cli.out)
              .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
              .setRootValueSeparator(null);
      if (shaped(view)) {
        List<String> names = tensors.isEmpty() ? view.tensorNames() : tensors;
        for (long i = 0; i < view.length(); i++) {
          g.writeTree(rowObject(view, i, names));
          g.writeRaw('\n');
          if (cli.out.checkError()) {
            throw new DeepLakeCli.CliException(
                "cannot write to the output (closed pipe or full disk); stopped at result row "
                    + i);
          }
        }
        if (!rows) {
          g.writeArray(view.indices(), 0, (int) view.length());
          g.writeRaw('\n');
        }
      } else if (rows) {
        List<Tensor> selected = new ArrayList<>();
        for (String n : tensors.isEmpty() ? ds.tensorNames() : tensors) {
          selected.add(ds.tensor(n));
        }
        for (long i = 0; i < view.length(); i++) {
          long row = view.index(i);
          for (Tensor t : selected) {
            ObjectNode line = JsonNodeFactory.instance.objectNode();
            line.put("tensor", t.name());
            line.put("index", row);
            line.setAll(Records.sample(t, row));
            g.writeTree(line);
            g.writeRaw('\n');
          }
          if (cli.out.checkError()) {
            throw new DeepLakeCli.CliException(
                "cannot write to the output (closed pipe or full disk); stopped at result row "
                    + i);
          }
        }
      } else {
        g.writeArray(view.indices(), 0, (int) view.length());
        g.writeRaw('\n');
      }
      g.flush();
      if (cli.out.checkError()) {
        throw new DeepLakeCli.CliException("cannot write to the output (closed pipe or full disk)");
      }
    }
    return 0;
  }

  /** Whether the result has columns of its own, groups or sequence items. */
  private static boolean shaped(DatasetView view) {
    return view.columns() != null
        || view.isGrouped()
        || view.length() > 0 && view.itemIndex(0) >= 0;
  }

  /** {@code {"index", ["group"], ["item"], column: value, ...}} of result row {@code i}. */
  private static ObjectNode rowObject(DatasetView view, long i, List<String> names) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode line = f.objectNode();
    line.put("index", view.index(i));
    if (view.isGrouped()) {
      ArrayNode members = line.putArray("group");
      for (long m : view.groupIndices(i)) {
        members.add(m);
      }
    }
    long item = view.itemIndex(i);
    if (item >= 0) {
      line.put("item", item);
    }
    for (String name : names) {
      TensorView tv = view.tensor(name);
      JsonNode value;
      if (tv.isComputed()) {
        value = tv.json(i);
      } else if (view.isGrouped() && tv.isSequence() && !tv.tensor().isSequence()) {
        ArrayNode seq = f.arrayNode();
        for (long m : view.groupIndices(i)) {
          seq.add(Records.sample(tv.tensor(), m).get("value"));
        }
        value = seq;
      } else if (item >= 0 && tv.tensor().isSequence() && !tv.isSequence()) {
        value = Records.item(tv.tensor(), tv.sequenceRange(i)[0], true).get("value");
      } else {
        value = Records.sample(tv.tensor(), view.index(i)).get("value");
      }
      line.set(name, value);
    }
    return line;
  }
}
