package org.deeplake4j.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.records.Records;
import org.deeplake4j.engine.types.TensorMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code deeplake info}: version identity, lengths and per-tensor metadata. */
@Command(
    name = "info",
    description = {
      "Shows the version read (branch, node, last commit, uncommitted changes), the dataset's"
          + " lengths and every tensor's htype, dtype, length, shape range, compression and"
          + " chunk count.",
      "--json prints one JSON object with the field names of a version entry of the reference"
          + " fixtures' expected.json (tensors as 'tensors', hidden ones as 'hidden_tensors'"
          + " with --hidden), plus path, ref, ref_type, branches and commit_graph."
    })
final class InfoCommand implements Callable<Integer> {
  @ParentCommand DeepLakeCli cli;

  @Mixin DatasetArgs dataset;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--hidden", description = "Include hidden tensors (_<name>_id, _shape, _info).")
  boolean hidden;

  @Override
  public Integer call() throws JsonProcessingException {
    String ref = dataset.effectiveRef();
    try (Dataset ds = dataset.open()) {
      if (json) {
        cli.out.println(DeepLakeCli.JSON_OUT.writeValueAsString(toJson(ds, ref)));
      } else {
        printText(ds, ref, cli.out);
      }
    }
    return 0;
  }

  private ObjectNode toJson(Dataset ds, String ref) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("path", ds.path());
    o.put("ref", ref);
    o.put("ref_type", DatasetArgs.isBranch(ds, ref) ? "branch" : "commit");
    o.setAll(Records.version(ds, false));
    if (!hidden) {
      o.remove("hidden_tensors");
    }
    var branches = o.putArray("branches");
    ds.branches().forEach(branches::add);
    o.set("commit_graph", Records.commitGraph(ds));
    return o;
  }

  private void printText(Dataset ds, String ref, PrintStream out) {
    TextTable head = new TextTable("", "");
    head.add("path:", ds.path());
    head.add("ref:", ref + (DatasetArgs.isBranch(ds, ref) ? " (branch)" : " (commit)"));
    head.add("branch:", ds.branch());
    head.add("node id:", ds.nodeId() + (ds.isHeadNode() ? " (HEAD)" : ""));
    head.add("last commit id:", ds.commitId() == null ? "None" : ds.commitId());
    head.add("has head changes:", ds.hasHeadChanges());
    head.add("length:", ds.length());
    head.add("max_len:", ds.maxLength());
    if (!ds.groups().isEmpty()) {
      head.add("groups:", String.join(", ", ds.groups()));
    }
    head.add("branches:", String.join(", ", ds.branches()));
    head.rowLines().forEach(out::println);
    out.println();

    TextTable t =
        hidden
            ? new TextTable(
                "tensor",
                "htype",
                "dtype",
                "length",
                "min shape",
                "max shape",
                "sample compression",
                "chunk compression",
                "chunks",
                "hidden")
            : new TextTable(
                "tensor",
                "htype",
                "dtype",
                "length",
                "min shape",
                "max shape",
                "sample compression",
                "chunk compression",
                "chunks");
    t.alignRight(3).alignRight(8);
    for (String name : ds.tensorNames(hidden)) {
      Tensor x = ds.tensor(name);
      TensorMetadata m = x.metadata();
      Object[] row = {
        name,
        x.htype(),
        orNone(m.dtypeName()),
        x.length(),
        Arrays.toString(m.minShape()),
        Arrays.toString(m.maxShape()),
        orNone(m.sampleCompression()),
        orNone(m.chunkCompression()),
        x.isLink() ? "None" : x.numChunks()
      };
      if (hidden) {
        row = Arrays.copyOf(row, row.length + 1);
        row[row.length - 1] = x.isHidden() ? "yes" : "no";
      }
      t.add(row);
    }
    if (ds.tensorNames(hidden).isEmpty()) {
      out.println("(no tensors)");
    } else {
      t.lines().forEach(out::println);
    }
  }

  static String orNone(String s) {
    return s == null ? "None" : s;
  }
}
