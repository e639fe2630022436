package org.deeplake4j.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.storage.StorageAccessDeniedException;
import org.deeplake4j.engine.types.CommitNode;
import org.deeplake4j.spark.SparkTypes.TensorColumn;

/**
 * A dataset version resolved for Spark: the pinned version node, the columns (tensors mapped by
 * {@link SparkTypes}, groups as structs), and the row count. Immutable; built on the driver.
 */
final class DeepLakeSnapshot {
  /** Metadata column: the row index in the version read. */
  static final String INDEX_COLUMN = "_index";

  /** Metadata column: the id of the version node read. */
  static final String REF_COLUMN = "_ref";

  /** Column metadata key on derived columns: {@code shape} or {@code label}. */
  static final String DERIVED_KEY = "deeplake.derived";

  /** Column metadata key on group structs: the group path. */
  static final String GROUP_KEY = "deeplake.group";

  private final DeepLakeOptions options;
  private final String nodeId;
  private final String branch;
  private final boolean head;
  private final long rowCount;
  private final Map<String, TensorColumn> columns;
  private final Map<String, Object> tree;
  private final StructType schema;

  private DeepLakeSnapshot(
      DeepLakeOptions options,
      String nodeId,
      String branch,
      boolean head,
      long rowCount,
      Map<String, TensorColumn> columns,
      Map<String, Object> tree,
      StructType schema) {
    this.options = options;
    this.nodeId = nodeId;
    this.branch = branch;
    this.head = head;
    this.rowCount = rowCount;
    this.columns = columns;
    this.tree = tree;
    this.schema = schema;
  }

  /**
   * Opens the dataset of {@code o} at its ref, read-only. The caller closes it.
   *
   * @throws org.apache.spark.sql.AnalysisException if there is no dataset or no such ref
   */
  static Dataset open(DeepLakeOptions o) {
    Dataset ds;
    try {
      ds = Dataset.open(o.path(), o.openOptions(null));
    } catch (NotFoundException e) {
      throw DeepLakeErrors.notADataset(o.path(), e);
    } catch (StorageAccessDeniedException e) {
      throw DeepLakeErrors.accessDenied(o.path(), e);
    } catch (DeepLakeException e) {
      throw DeepLakeErrors.cannotRead(o.path(), null, e);
    }
    if (o.ref() == null || o.ref().equals(ds.branch()) && ds.isHeadNode()) {
      return ds;
    }
    try {
      CommitNode n;
      try {
        n = ds.resolve(o.ref());
      } catch (NotFoundException e) {
        throw DeepLakeErrors.refNotFound(o.path(), o.ref(), ds.branches());
      }
      ds.checkout(n.id());
      return ds;
    } catch (RuntimeException e) {
      ds.close();
      if (e instanceof DeepLakeException) {
        throw DeepLakeErrors.cannotRead(o.path(), o.ref(), e);
      }
      throw e;
    }
  }

  /** Opens, resolves and closes: the snapshot of {@code o} now. */
  static DeepLakeSnapshot load(DeepLakeOptions o) {
    try (Dataset ds = open(o)) {
      return of(ds, o);
    }
  }

  /**
   * The snapshot of the open dataset {@code ds} under {@code o}.
   *
   * @throws org.apache.spark.sql.AnalysisException for an unknown tensor in {@code tensors}
   */
  static DeepLakeSnapshot of(Dataset ds, DeepLakeOptions o) {
    try {
      List<String> names;
      List<String> counted = new ArrayList<>();
      if (o.tensors() != null) {
        names = new ArrayList<>();
        for (String n : o.tensors()) {
          List<String> inGroup = new ArrayList<>();
          if (!ds.hasTensor(n) && ds.groups().contains(n)) {
            for (String t : ds.tensorNames(o.includeHidden())) {
              if (t.startsWith(n + "/")) {
                inGroup.add(t);
              }
            }
          } else if (!ds.hasTensor(n)) {
            throw DeepLakeErrors.tensorNotFound(
                o.path(), version(ds), n, ds.tensorNames(o.includeHidden()));
          } else {
            inGroup.add(n);
          }
          for (String t : inGroup) {
            if (!names.contains(t)) {
              names.add(t);
              if (!ds.tensor(t).isHidden()) {
                counted.add(t);
              }
            }
          }
        }
        if (counted.isEmpty()) {
          counted.addAll(names);
        }
      } else {
        names = ds.tensorNames(o.includeHidden());
        counted.addAll(ds.tensorNames(false));
      }
      long rows = o.padTensors() ? 0 : Long.MAX_VALUE;
      for (String n : counted) {
        long len = ds.tensor(n).length();
        rows = o.padTensors() ? Math.max(rows, len) : Math.min(rows, len);
      }
      if (counted.isEmpty()) {
        rows = 0;
      }
      checkNamed(ds, o, names, DeepLakeOptions.DECODE_IMAGES, o.decodeImages());
      checkNamed(ds, o, names, DeepLakeOptions.DECODE_LINKS, o.decodeLinks());
      checkNamed(ds, o, names, DeepLakeOptions.SHAPE_COLUMNS, o.shapeColumns());
      checkNamed(ds, o, names, DeepLakeOptions.LABEL_COLUMNS, o.labelColumns());
      for (String n : o.decodeLinks().names()) {
        if (!ds.tensor(n).isLink()) {
          throw DeepLakeErrors.cannotDecode(
              o.path(),
              n,
              ds.tensor(n).htype(),
              DeepLakeOptions.DECODE_LINKS,
              "only link tensors (link[...]) have linked files to read");
        }
      }
      Map<String, TensorColumn> columns = new LinkedHashMap<>();
      Map<String, Object> tree = new LinkedHashMap<>();
      for (String n : names) {
        Tensor t = ds.tensor(n);
        TensorColumn c = SparkTypes.toSpark(t, o);
        columns.put(n, c);
        insert(tree, n.split("/"), 0, c);
      }
      for (String n : names) {
        Tensor t = ds.tensor(n);
        if (o.shapeColumns().includes(n) && (!t.isHidden() || o.shapeColumns().names(n))) {
          derive(
              tree, n, new DerivedColumn(n, ReadField.Derived.SHAPE, SparkTypes.shapeType(t)), o);
        }
        if (o.labelColumns().includes(n)) {
          TensorColumn c =
              SparkTypes.toSpark(t, o.withClassLabels(DeepLakeOptions.ClassLabels.NAME));
          if (c.kind() == SparkTypes.Kind.CLASS_NAME) {
            derive(tree, n, new DerivedColumn(n, ReadField.Derived.LABEL, c.dataType()), o);
          } else if (o.labelColumns().names(n)) {
            throw DeepLakeErrors.cannotDecode(
                o.path(),
                n,
                t.htype(),
                DeepLakeOptions.LABEL_COLUMNS,
                "only class_label tensors with class_names have class names to read");
          }
        }
      }
      return new DeepLakeSnapshot(
          o,
          ds.nodeId(),
          ds.branch(),
          ds.isHeadNode(),
          rows,
          Collections.unmodifiableMap(columns),
          tree,
          struct(tree, ""));
    } catch (DeepLakeException e) {
      throw DeepLakeErrors.cannotRead(o.path(), o.ref(), e);
    }
  }

  /**
   * A column derived from a tensor by an option ({@code <tensor>_shape}, {@code <tensor>_label}):
   * not a tensor, so never the target of pushdown.
   */
  record DerivedColumn(String tensor, ReadField.Derived what, DataType dataType) {
    Metadata metadata() {
      return new MetadataBuilder()
          .putString(SparkTypes.TENSOR_KEY, tensor)
          .putString(DERIVED_KEY, what.name().toLowerCase(java.util.Locale.ROOT))
          .build();
    }
  }

  /** Every tensor an option names must be a column of the table. */
  private static void checkNamed(
      Dataset ds,
      DeepLakeOptions o,
      List<String> names,
      String option,
      DeepLakeOptions.Selection sel) {
    for (String n : sel.names()) {
      if (!names.contains(n)) {
        throw DeepLakeErrors.tensorNotFound(o.path(), version(ds), n, names, option);
      }
    }
  }

  /** Puts {@code d} next to its tensor, named {@code <leaf><suffix>}. */
  @SuppressWarnings("unchecked")
  private static void derive(
      Map<String, Object> tree, String tensor, DerivedColumn d, DeepLakeOptions o) {
    String[] parts = tensor.split("/");
    Map<String, Object> node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      node = (Map<String, Object>) node.get(parts[i]);
    }
    String name = parts[parts.length - 1] + d.what().suffix();
    if (lookup(node, name) != null) {
      throw DeepLakeErrors.columnClash(
          o.path(),
          tensor + d.what().suffix(),
          d.what() == ReadField.Derived.SHAPE
              ? DeepLakeOptions.SHAPE_COLUMNS
              : DeepLakeOptions.LABEL_COLUMNS);
    }
    // Insert right after the tensor's own field.
    Map<String, Object> copy = new LinkedHashMap<>(node);
    node.clear();
    for (Map.Entry<String, Object> e : copy.entrySet()) {
      node.put(e.getKey(), e.getValue());
      if (e.getKey().equals(parts[parts.length - 1])) {
        node.put(name, d);
      }
    }
  }

  private static String version(Dataset ds) {
    return ds.isHeadNode() ? "branch " + ds.branch() : "commit " + ds.nodeId();
  }

  @SuppressWarnings("unchecked")
  private static void insert(Map<String, Object> node, String[] parts, int i, TensorColumn c) {
    if (i == parts.length - 1) {
      node.put(parts[i], c);
      return;
    }
    Object child = node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
    if (!(child instanceof Map)) {
      throw new DeepLakeException(
          "tensor '" + c.tensor() + "' lies inside '" + parts[i] + "', which is a tensor");
    }
    insert((Map<String, Object>) child, parts, i + 1, c);
  }

  @SuppressWarnings("unchecked")
  private static StructType struct(Map<String, Object> node, String prefix) {
    List<StructField> fields = new ArrayList<>();
    for (Map.Entry<String, Object> e : node.entrySet()) {
      if (e.getValue() instanceof TensorColumn c) {
        fields.add(new StructField(e.getKey(), c.dataType(), true, c.metadata()));
      } else if (e.getValue() instanceof DerivedColumn d) {
        fields.add(new StructField(e.getKey(), d.dataType(), true, d.metadata()));
      } else {
        String path = prefix + e.getKey();
        Metadata md = new MetadataBuilder().putString(GROUP_KEY, path).build();
        fields.add(
            new StructField(
                e.getKey(), struct((Map<String, Object>) e.getValue(), path + "/"), false, md));
      }
    }
    return DataTypes.createStructType(fields);
  }

  DeepLakeOptions options() {
    return options;
  }

  /** The version node read: a commit id, or a branch's HEAD node id. */
  String nodeId() {
    return nodeId;
  }

  /** The branch of the version read. */
  String branch() {
    return branch;
  }

  /** Whether the node is a branch HEAD (which may still change). */
  boolean isHead() {
    return head;
  }

  /** Rows of the table: the shortest counted tensor, or the longest with padTensors. */
  long rowCount() {
    return rowCount;
  }

  /** The table schema. */
  StructType schema() {
    return schema;
  }

  /** Columns by tensor name, in schema order. */
  Map<String, TensorColumn> columns() {
    return columns;
  }

  /** The tensor column at a (nested) field path, or null if the path is not a tensor. */
  @SuppressWarnings("unchecked")
  TensorColumn column(String[] fieldNames) {
    Map<String, Object> node = tree;
    for (int i = 0; i < fieldNames.length; i++) {
      Object child = lookup(node, fieldNames[i]);
      if (i == fieldNames.length - 1) {
        return child instanceof TensorColumn c ? c : null;
      }
      if (!(child instanceof Map)) {
        return null;
      }
      node = (Map<String, Object>) child;
    }
    return null;
  }

  /** Whether {@code name} is a metadata column not hidden by a data column of that name. */
  boolean isMetadataColumn(String name, String metadataColumn) {
    return name.equals(metadataColumn) && lookup(tree, name) == null;
  }

  private static Object lookup(Map<String, Object> node, String name) {
    Object v = node.get(name);
    if (v != null) {
      return v;
    }
    for (Map.Entry<String, Object> e : node.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The fields to read for Spark's required schema (tensors, groups, metadata columns). */
  List<ReadField> readFields(StructType required) {
    return readFields(tree, required, true, "");
  }

  @SuppressWarnings("unchecked")
  private List<ReadField> readFields(
      Map<String, Object> node, StructType required, boolean top, String prefix) {
    List<ReadField> out = new ArrayList<>();
    for (StructField f : required.fields()) {
      Object v = lookup(node, f.name());
      if (v instanceof TensorColumn c) {
        // Decoded images are structs, which Spark may prune to the fields a query uses.
        DataType t = c.kind() == SparkTypes.Kind.IMAGE ? f.dataType() : c.dataType();
        out.add(new ReadField.TensorField(c.tensor(), t));
      } else if (v instanceof DerivedColumn d) {
        out.add(new ReadField.DerivedField(d.tensor(), d.what(), d.dataType()));
      } else if (v instanceof Map && f.dataType() instanceof StructType st) {
        String path = prefix + f.name();
        out.add(
            new ReadField.GroupField(
                path, readFields((Map<String, Object>) v, st, false, path + "/"), st));
      } else if (top && f.name().equals(INDEX_COLUMN)) {
        out.add(new ReadField.IndexField());
      } else if (top && f.name().equals(REF_COLUMN)) {
        out.add(new ReadField.RefField());
      } else {
        throw new IllegalStateException(
            "Spark asked for field '" + prefix + f.name() + "', which " + this + " lacks");
      }
    }
    return out;
  }

  /** Description for plans and messages: path and version. */
  @Override
  public String toString() {
    return options.path() + "@" + (head ? branch + " (HEAD " + nodeId + ")" : nodeId);
  }
}
