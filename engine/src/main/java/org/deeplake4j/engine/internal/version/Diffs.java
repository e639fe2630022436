package org.deeplake4j.engine.internal.version;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.deeplake4j.engine.internal.format.CommitDiff;
import org.deeplake4j.engine.internal.format.DatasetDiff;
import org.deeplake4j.engine.internal.format.DatasetMeta;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.types.CommitNode;

/**
 * Differences between versions, in the layout of Python's {@code ds.diff(a, b, as_dict=True)}:
 * {@code {"dataset": [changesA, changesB], "tensor": [changesA, changesB]}}, where changesX lists,
 * nearest first, one entry per version from X up to (not including) the lowest common ancestor.
 * Each tensor entry reports created, cleared, info_updated, data_added {@code [start, end)},
 * data_updated (sorted), data_deleted and data_transformed_in_place, read from the versions'
 * commit_diff and dataset_diff files. Hidden tensors are left out, as Python leaves them out.
 */
public final class Diffs {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Diffs() {}

  /** Changes between nodes {@code a} and {@code b} (ids). */
  public static ObjectNode between(Storage s, VersionGraph g, String a, String b) {
    Set<String> ancestorsOfA = new HashSet<>(g.chain(a));
    String lca = null;
    for (String n : g.chain(b)) {
      if (ancestorsOfA.contains(n)) {
        lca = n;
        break;
      }
    }
    List<String> pathA = pathTo(g, a, lca);
    List<String> pathB = pathTo(g, b, lca);
    ObjectNode out = F.objectNode();
    ArrayNode ds = out.putArray("dataset");
    ds.add(datasetEntries(s, g, pathA));
    ds.add(datasetEntries(s, g, pathB));
    ArrayNode ts = out.putArray("tensor");
    ts.add(tensorEntries(s, pathA));
    ts.add(tensorEntries(s, pathB));
    return out;
  }

  /** Changes of HEAD {@code head} since its last commit (Python's {@code ds.diff()}). */
  public static ObjectNode ofHead(Storage s, VersionGraph g, String head) {
    ObjectNode out = F.objectNode();
    out.set("dataset", datasetEntries(s, g, List.of(head)));
    out.set("tensor", tensorEntries(s, List.of(head)));
    return out;
  }

  private static List<String> pathTo(VersionGraph g, String from, String stop) {
    List<String> out = new ArrayList<>();
    for (String n : g.chain(from)) {
      if (n.equals(stop)) {
        break;
      }
      out.add(n);
    }
    return out;
  }

  private static ArrayNode datasetEntries(Storage s, VersionGraph g, List<String> path) {
    ArrayNode a = F.arrayNode();
    for (String id : path) {
      CommitNode n = g.node(id);
      ObjectNode e = a.addObject();
      e.put("commit_id", id);
      e.put("author", n.userName());
      e.put("message", n.message());
      if (n.commitTime() == null) {
        e.putNull("date");
      } else {
        long ms = (long) (n.commitTime() * 1000);
        e.put(
            "date",
            LocalDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneId.systemDefault()).format(DATE));
      }
      String k = VersionKeys.at(id, Layout.DATASET_DIFF);
      DatasetDiff d =
          s.getIfExists(k).map(b -> DatasetDiff.parse(b, k)).orElse(DatasetDiff.empty());
      e.put("info_updated", d.isInfoUpdated());
      ObjectNode renamed = e.putObject("renamed");
      d.renamed().forEach(renamed::put);
      ArrayNode deleted = e.putArray("deleted");
      d.deleted().forEach(deleted::add);
    }
    return a;
  }

  private static ArrayNode tensorEntries(Storage s, List<String> path) {
    ArrayNode a = F.arrayNode();
    for (String id : path) {
      ObjectNode e = a.addObject();
      e.put("commit_id", id);
      String mk = VersionKeys.at(id, Layout.DATASET_META);
      DatasetMeta meta = DatasetMeta.parse(s.get(mk), mk);
      for (Map.Entry<String, String> t : meta.tensorNames().entrySet()) {
        String key = t.getValue();
        if (meta.hiddenTensors().contains(key)) {
          continue;
        }
        String dk = VersionKeys.at(id, Layout.commitDiff(key));
        // A tensor without a commit_diff in a version reads as unchanged there (as in Python).
        CommitDiff d =
            s.getIfExists(dk).map(b -> CommitDiff.parse(b, dk)).orElse(CommitDiff.fresh(0, false));
        ObjectNode o = e.putObject(t.getKey());
        o.put("created", d.created());
        o.put("cleared", d.cleared());
        o.put("info_updated", d.isInfoUpdated());
        o.putArray("data_added").add(d.addedStart()).add(d.addedEnd());
        ArrayNode up = o.putArray("data_updated");
        new TreeSet<>(d.updated()).forEach(up::add);
        ArrayNode del = o.putArray("data_deleted");
        d.deleted().forEach(del::add);
        o.put("data_transformed_in_place", d.isDataTransformed());
      }
    }
    return a;
  }
}
