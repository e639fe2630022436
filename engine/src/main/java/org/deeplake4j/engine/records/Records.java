package org.deeplake4j.engine.records;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.internal.format.Codecs;
import org.deeplake4j.engine.internal.format.NdArrayJson;
import org.deeplake4j.engine.types.CommitNode;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.NdArray;

/**
 * Sample and version records in the layout of the reference fixtures' {@code expected.json}
 * (written by Python deeplake 3.9.52): what {@code bin/deeplake dump} prints and what the
 * conformance tests compare. Float32 values are emitted as the exact double of the float; uint64
 * values unsigned.
 */
public final class Records {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final int FIRST_VALUES = 12;

  private Records() {}

  /** The record of row {@code row} of tensor {@code t}. */
  public static ObjectNode sample(Tensor t, long row) {
    if (t.isSequence()) {
      long[] r = t.sequenceRange(row);
      ObjectNode o = F.objectNode();
      ArrayNode items = o.putArray("value");
      for (long i = r[0]; i < r[1]; i++) {
        items.add(item(t, i, true));
      }
      o.put("seq_len", r[1] - r[0]);
      return o;
    }
    return item(t, row, false);
  }

  /** The record of flat item {@code item}. */
  public static ObjectNode item(Tensor t, long item, boolean inSequence) {
    Htype h = t.baseType();
    if (t.isLink()) {
      ObjectNode o;
      String path = t.itemLinkPath(item);
      if (h.isImage() || Codecs.isImageCodec(t.metadata().sampleCompression())) {
        o = F.objectNode();
        o.set("value", imageValue(t.itemNumpy(item)));
      } else {
        o = numeric(t, t.itemNumpy(item));
      }
      o.put("path", path);
      return o;
    }
    if (h == Htype.TEXT) {
      ObjectNode o = F.objectNode();
      o.put("value", t.itemText(item));
      return o;
    }
    if (h.isJsonLike()) {
      ObjectNode o = F.objectNode();
      o.set("value", t.itemJsonDecoded(item));
      return o;
    }
    if (h == Htype.POLYGON) {
      ObjectNode o = F.objectNode();
      ArrayNode polys = o.putArray("value");
      for (NdArray p : t.itemPolygons(item)) {
        polys.add(NdArrayJson.nested(p));
      }
      o.set("shape", shape(t.itemShape(item)));
      return o;
    }
    if (h.isImage()) {
      ObjectNode o = F.objectNode();
      o.set("value", imageValue(t.itemNumpy(item)));
      boolean tiled = t.isTiled(item);
      if (!inSequence && !tiled && t.metadata().sampleCompression() != null) {
        byte[] blob = t.itemBytes(item);
        o.put("compressed_sha256", sha256(blob));
        o.put("compressed_size", blob.length);
      }
      return o;
    }
    ObjectNode o = numeric(t, t.itemNumpy(item));
    if (h == Htype.CLASS_LABEL) {
      List<String> names = t.classNames();
      if (!names.isEmpty()) {
        ArrayNode text = o.putArray("text");
        NdArray a = t.itemNumpy(item);
        for (int i = 0; i < a.size(); i++) {
          long idx = a.getLong(i);
          text.add(idx >= 0 && idx < names.size() ? names.get((int) idx) : null);
        }
      }
    }
    return o;
  }

  private static ObjectNode numeric(Tensor t, NdArray a) {
    ObjectNode o = F.objectNode();
    o.set("value", NdArrayJson.nested(a));
    o.set("shape", shape(a.shape()));
    return o;
  }

  /** {@code {shape, dtype, sha256, first_values, sum, mean}} of decoded pixels. */
  public static ObjectNode imageValue(NdArray px) {
    ObjectNode v = F.objectNode();
    v.set("shape", shape(px.shape()));
    v.put("dtype", px.dtype().numpyName());
    v.put("sha256", sha256(px.toBytes()));
    ArrayNode first = v.putArray("first_values");
    int n = px.size();
    for (int i = 0; i < Math.min(FIRST_VALUES, n); i++) {
      NdArrayJson.addElement(first, px, i);
    }
    if (px.dtype().isFloating()) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += px.getDouble(i);
      }
      v.put("sum", sum);
      if (n == 0) {
        v.putNull("mean");
      } else {
        v.put("mean", sum / n);
      }
    } else {
      long sum = 0;
      for (int i = 0; i < n; i++) {
        sum += px.getLong(i);
      }
      v.put("sum", sum);
      if (n == 0) {
        v.putNull("mean");
      } else {
        v.put("mean", (double) sum / n);
      }
    }
    return v;
  }

  /** A shape as a JSON array. */
  public static ArrayNode shape(long[] s) {
    ArrayNode a = F.arrayNode();
    for (long d : s) {
      a.add(d);
    }
    return a;
  }

  /** Hex SHA-256. */
  public static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Tensor metadata and, if {@code withSamples}, every sample record. */
  public static ObjectNode tensor(Tensor t, boolean withSamples) {
    ObjectNode o = t.describe();
    if (withSamples) {
      ArrayNode s = o.putArray("samples");
      for (long i = 0; i < t.length(); i++) {
        s.add(sample(t, i));
      }
    }
    return o;
  }

  /** A version entry: identity, lengths, groups, info, tensor order, tensors. */
  public static ObjectNode version(Dataset ds, boolean withSamples) {
    ObjectNode v = F.objectNode();
    v.put("branch", ds.branch());
    v.put("node_id", ds.nodeId());
    v.put("last_commit_id", ds.commitId());
    v.put("has_head_changes", ds.hasHeadChanges());
    v.put("length", ds.length());
    v.put("max_len", ds.maxLength());
    ArrayNode groups = v.putArray("groups");
    ds.groups().forEach(groups::add);
    v.set("dataset_info", ds.info());
    ArrayNode order = v.putArray("tensor_order");
    ds.meta().tensors().forEach(order::add);
    ArrayNode visible = v.putArray("visible_tensors");
    ds.tensorNames().stream().sorted().forEach(visible::add);
    ObjectNode tensors = v.putObject("tensors");
    ObjectNode hidden = v.putObject("hidden_tensors");
    for (String n : ds.tensorNames(true)) {
      Tensor t = ds.tensor(n);
      (t.isHidden() ? hidden : tensors).set(n, tensor(t, withSamples));
    }
    return v;
  }

  /**
   * The whole expected.json document of a dataset as this engine reads it: branches, commit graph,
   * and a version entry (with samples) for every branch head and every commit.
   */
  public static ObjectNode expectedDocument(String path) {
    ObjectNode doc = F.objectNode();
    doc.put("format", "deeplake-v3-expected/1");
    doc.put("written_by", "deeplake4j");
    doc.put("dataset_dir", "dataset");
    try (Dataset ds = Dataset.open(path)) {
      ArrayNode br = doc.putArray("branches");
      ds.branches().forEach(br::add);
      doc.set("commit_graph", commitGraph(ds));
      ArrayNode versions = doc.putArray("versions");
      for (String b : ds.branches()) {
        versions.add(labelled(path, b, "branch", b + " HEAD"));
      }
      int i = 0;
      for (CommitNode n : ds.versionGraph().nodes().values()) {
        if (!n.isHead()) {
          versions.add(labelled(path, n.id(), "commit", "commit " + (++i)));
        }
      }
    }
    return doc;
  }

  private static ObjectNode labelled(String path, String ref, String refType, String label) {
    try (Dataset v = Dataset.open(path, ref)) {
      ObjectNode o = F.objectNode();
      o.put("label", label);
      o.put("ref", ref);
      o.put("ref_type", refType);
      o.setAll(version(v, true));
      return o;
    }
  }

  /** The commit graph: {@code {id: {branch, parent, message, is_head_node}}}. */
  public static ObjectNode commitGraph(Dataset ds) {
    ObjectNode g = F.objectNode();
    for (CommitNode n : ds.versionGraph().nodes().values()) {
      ObjectNode o = g.putObject(n.id());
      o.put("branch", n.branch());
      o.put("parent", n.parent());
      o.put("message", n.message());
      o.put("is_head_node", n.isHead());
    }
    return g;
  }
}
