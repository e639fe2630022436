package org.deeplake4j.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.deeplake4j.engine.DatasetPath;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.Tql;
import org.deeplake4j.engine.storage.StorageResolver;
import org.deeplake4j.engine.tql.TqlException;

/**
 * The options of a Deep Lake read, parsed and checked once on the driver. Reader option keys are
 * case-insensitive; every other option is a storage option (credentials, endpoints) passed to the
 * engine's storage backend unchanged. For object-store URLs the session's non-default {@code fs.*}
 * Hadoop settings ({@link SessionStorageOptions}) are storage options too, below the reader's.
 * Immutable and serializable: it travels to executors inside each input partition. {@link
 * #toString()} never prints storage option values.
 *
 * <p>Precedence of the version to read: the {@code ref} option, else {@code versionAsOf}, else a
 * {@code PATH@ref} suffix, else {@code main}; two different values are an error.
 *
 * @param path the dataset URL or path (local paths made absolute, so executors agree)
 * @param ref the branch or commit to read, or null for {@code main}
 * @param tensors the tensors (or groups: every tensor inside) to expose, in order, or null for
 *     every visible tensor
 * @param includeHidden also expose hidden companion tensors ({@code _x_id}, {@code _x_shape}, ...)
 * @param padTensors rows = the longest tensor's length, shorter tensors read null past their end
 *     (default: the shortest, Python's {@code len(ds)})
 * @param classLabels how class_label tensors read: as label indices (int) or as class names
 * @param decodeImages image tensors read as decoded images (Spark's image struct) instead of bytes
 * @param decodeLinks link tensors read as the bytes of the linked files instead of the link strings
 * @param jsonAsVariant json tensors read as {@code variant} instead of JSON text
 * @param shapeColumns tensors that get a {@code <tensor>_shape} column (the sample's shape)
 * @param labelColumns class_label tensors that get a {@code <tensor>_label} column (class names)
 * @param query a TQL query choosing the rows to read ({@code SELECT * WHERE <condition>} for a bare
 *     condition: evaluated by the partitions; a full statement runs when the scan is planned), or
 *     null for every row
 * @param partitionBytes target estimated bytes per input partition
 * @param batchSize rows per columnar batch
 * @param storageOptions options for the storage backend
 */
record DeepLakeOptions(
    String path,
    String ref,
    List<String> tensors,
    boolean includeHidden,
    boolean padTensors,
    ClassLabels classLabels,
    Selection decodeImages,
    Selection decodeLinks,
    boolean jsonAsVariant,
    Selection shapeColumns,
    Selection labelColumns,
    String query,
    long partitionBytes,
    int batchSize,
    Map<String, String> storageOptions)
    implements Serializable {

  /** The dataset path or URL (also the argument of {@code load(path)}). */
  static final String PATH = "path";

  /** Branch or commit id to read. */
  static final String REF = "ref";

  /** Alias of {@link #REF}, the name Delta and Iceberg readers use. */
  static final String VERSION_AS_OF = "versionAsOf";

  /**
   * Comma-separated tensor names ({@code group/name} in groups) to expose, in that order; a group
   * name stands for every tensor inside it.
   */
  static final String TENSORS = "tensors";

  /** Also expose hidden tensors; default false. */
  static final String INCLUDE_HIDDEN = "includeHidden";

  /** Row count = the longest tensor, missing samples null; default false (the shortest). */
  static final String PAD_TENSORS = "padTensors";

  /** {@code index} (default: class_label columns are int) or {@code name} (string). */
  static final String CLASS_LABELS = "classLabels";

  /**
   * {@code true} (every image tensor), {@code false} (default) or comma-separated tensor names:
   * image tensors ({@code image}, {@code image.rgb}, {@code image.gray}, {@code link[image]}, and
   * sequences of them) read as Spark's image struct (origin, height, width, nChannels, mode, data
   * in BGR order) instead of their stored file bytes.
   */
  static final String DECODE_IMAGES = "decodeImages";

  /**
   * {@code true}, {@code false} (default) or tensor names: link tensors read as the bytes of the
   * linked file (read through the dataset's storage options) instead of the link string.
   */
  static final String DECODE_LINKS = "decodeLinks";

  /** {@code true}: json tensors read as Spark's {@code variant}; default false (JSON text). */
  static final String JSON_AS_VARIANT = "jsonAsVariant";

  /**
   * {@code true}, {@code false} (default) or tensor names: add a column {@code <tensor>_shape}
   * ({@code array<long>}, the sample's shape) next to each such tensor.
   */
  static final String SHAPE_COLUMNS = "shapeColumns";

  /**
   * {@code true}, {@code false} (default) or tensor names: add a column {@code <tensor>_label} (the
   * class names) next to each such class_label tensor.
   */
  static final String LABEL_COLUMNS = "labelColumns";

  /**
   * A TQL query ({@code docs/tql.md}) choosing the rows read, in one of two forms. A condition
   * ({@code labels == 2}, or {@code SELECT * WHERE labels == 2} with no other clause) is checked on
   * the driver and evaluated by every partition over its own rows. A full statement (ORDER BY,
   * LIMIT/OFFSET, SAMPLE BY, EXPAND BY, set operations) runs on the driver at the version the scan
   * pins, and partitions cover only its result rows; the result's order is not kept.
   */
  static final String QUERY = "query";

  /** Target estimated bytes per input partition; default {@value #DEFAULT_PARTITION_BYTES}. */
  static final String PARTITION_BYTES = "partitionBytes";

  /** Rows per columnar batch; default {@value #DEFAULT_BATCH_SIZE}. */
  static final String BATCH_SIZE = "batchSize";

  static final long DEFAULT_PARTITION_BYTES = 128L << 20;
  static final int DEFAULT_BATCH_SIZE = 4096;

  /** Options that decide the table's schema or version (fixed once a table is loaded). */
  static final Set<String> SCHEMA_KEYS =
      Set.of(
          REF.toLowerCase(Locale.ROOT),
          VERSION_AS_OF.toLowerCase(Locale.ROOT),
          TENSORS.toLowerCase(Locale.ROOT),
          INCLUDE_HIDDEN.toLowerCase(Locale.ROOT),
          PAD_TENSORS.toLowerCase(Locale.ROOT),
          CLASS_LABELS.toLowerCase(Locale.ROOT),
          DECODE_IMAGES.toLowerCase(Locale.ROOT),
          DECODE_LINKS.toLowerCase(Locale.ROOT),
          JSON_AS_VARIANT.toLowerCase(Locale.ROOT),
          SHAPE_COLUMNS.toLowerCase(Locale.ROOT),
          LABEL_COLUMNS.toLowerCase(Locale.ROOT));

  private static final Set<String> READER_KEYS =
      Set.of(
          PATH,
          "paths",
          REF.toLowerCase(Locale.ROOT),
          VERSION_AS_OF.toLowerCase(Locale.ROOT),
          TENSORS.toLowerCase(Locale.ROOT),
          INCLUDE_HIDDEN.toLowerCase(Locale.ROOT),
          PAD_TENSORS.toLowerCase(Locale.ROOT),
          CLASS_LABELS.toLowerCase(Locale.ROOT),
          DECODE_IMAGES.toLowerCase(Locale.ROOT),
          DECODE_LINKS.toLowerCase(Locale.ROOT),
          JSON_AS_VARIANT.toLowerCase(Locale.ROOT),
          SHAPE_COLUMNS.toLowerCase(Locale.ROOT),
          LABEL_COLUMNS.toLowerCase(Locale.ROOT),
          QUERY,
          PARTITION_BYTES.toLowerCase(Locale.ROOT),
          BATCH_SIZE.toLowerCase(Locale.ROOT));

  /** How class_label tensors map to Spark. */
  enum ClassLabels {
    /** Label indices: int, or array of int for multi-label tensors. */
    INDEX,
    /** Class names from the tensor's class_names: string, or array of string. */
    NAME
  }

  /**
   * The tensors an option applies to: none, every tensor it can apply to ({@code true}), or the
   * tensors named (each must be one it can apply to, checked when the table is resolved).
   *
   * @param all every applicable tensor
   * @param names the tensors named (empty unless listed)
   */
  record Selection(boolean all, List<String> names) implements Serializable {
    static final Selection NONE = new Selection(false, List.of());
    static final Selection ALL = new Selection(true, List.of());

    Selection {
      names = List.copyOf(names);
    }

    /** Whether the option applies to tensor {@code tensor}. */
    boolean includes(String tensor) {
      return all || names.contains(tensor);
    }

    /** Whether {@code tensor} was named explicitly (so it must be applicable). */
    boolean names(String tensor) {
      return names.contains(tensor);
    }

    @Override
    public String toString() {
      return all ? "true" : names.isEmpty() ? "false" : String.join(",", names);
    }
  }

  DeepLakeOptions {
    Objects.requireNonNull(path, "path");
    tensors = tensors == null ? null : List.copyOf(tensors);
    storageOptions = Collections.unmodifiableMap(new LinkedHashMap<>(storageOptions));
  }

  /**
   * Parses reader options. {@code path} may be null when the options carry it under {@value #PATH}.
   *
   * @throws org.apache.spark.sql.AnalysisException for a missing path or an invalid value
   */
  static DeepLakeOptions parse(String path, Map<String, String> options) {
    Map<String, String> lower = new LinkedHashMap<>();
    Map<String, String> storage = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (READER_KEYS.contains(k)) {
        lower.put(k, e.getValue());
      } else {
        storage.put(e.getKey(), e.getValue());
      }
    }
    String raw = path != null ? path : lower.get(PATH);
    if (raw == null || raw.isBlank()) {
      raw = singlePath(lower.get("paths"));
    }
    if (raw == null || raw.isBlank()) {
      throw DeepLakeErrors.invalidOption(
          PATH, null, "a dataset path or URL: spark.read.format(\"deeplake\").load(\"/data/ds\")");
    }
    DatasetPath dp = DatasetPath.parse(raw.trim());
    if (!StorageResolver.schemeOf(dp.path()).isEmpty()
        && !StorageResolver.schemeOf(dp.path()).equals("file")
        && !StorageResolver.schemeOf(dp.path()).equals("mem")) {
      // object stores: the session's Hadoop settings, under the reader's own options
      Map<String, String> merged = new LinkedHashMap<>(SessionStorageOptions.get());
      merged.putAll(storage);
      storage = merged;
    }
    String ref = dp.ref();
    for (String key : new String[] {VERSION_AS_OF, REF}) {
      String v = lower.get(key.toLowerCase(Locale.ROOT));
      if (v == null) {
        continue;
      }
      if (v.isBlank()) {
        throw DeepLakeErrors.invalidOption(key, v, "a branch name or commit id");
      }
      if (ref != null && !ref.equals(v.trim())) {
        throw DeepLakeErrors.conflictingRefs(raw, ref, key, v);
      }
      ref = v.trim();
    }
    List<String> tensors = null;
    String t = lower.get(TENSORS.toLowerCase(Locale.ROOT));
    if (t != null) {
      tensors = new ArrayList<>();
      for (String s : t.split(",")) {
        String name = s.trim();
        if (!name.isEmpty() && !tensors.contains(name)) {
          tensors.add(name);
        }
      }
      if (tensors.isEmpty()) {
        throw DeepLakeErrors.invalidOption(TENSORS, t, "a comma-separated list of tensor names");
      }
    }
    return new DeepLakeOptions(
        absolute(dp.path()),
        ref,
        tensors,
        bool(lower, INCLUDE_HIDDEN, false),
        bool(lower, PAD_TENSORS, false),
        classLabels(lower.get(CLASS_LABELS.toLowerCase(Locale.ROOT))),
        selection(lower, DECODE_IMAGES),
        selection(lower, DECODE_LINKS),
        bool(lower, JSON_AS_VARIANT, false),
        selection(lower, SHAPE_COLUMNS),
        selection(lower, LABEL_COLUMNS),
        query(lower.get(QUERY)),
        bytes(lower, PARTITION_BYTES, DEFAULT_PARTITION_BYTES),
        (int) positive(lower, BATCH_SIZE, DEFAULT_BATCH_SIZE, Integer.MAX_VALUE),
        storage);
  }

  private static String singlePath(String paths) {
    if (paths == null) {
      return null;
    }
    // Spark passes load(p1, p2, ...) as a JSON array; a dataset is one path.
    String s = paths.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1).trim();
      if (s.isEmpty()) {
        return null;
      }
      if (s.contains("\",")) {
        throw DeepLakeErrors.invalidOption("paths", paths, "exactly one dataset path");
      }
      s = s.replaceAll("^\"|\"$", "").replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return s;
  }

  private static String absolute(String p) {
    if (StorageResolver.schemeOf(p).isEmpty()) {
      return Path.of(p).toAbsolutePath().normalize().toString();
    }
    return p;
  }

  private static boolean bool(Map<String, String> o, String key, boolean dflt) {
    String v = o.get(key.toLowerCase(Locale.ROOT));
    if (v == null) {
      return dflt;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw DeepLakeErrors.invalidOption(key, v, "true or false");
    };
  }

  /**
   * The TQL text of the {@value #QUERY} option, checked for syntax now: a bare condition is read as
   * {@code SELECT * WHERE <condition>} (whether it runs in the partitions or on the driver is
   * decided from the parsed query: {@link DeepLakeQueries#condition}).
   */
  private static String query(String v) {
    if (v == null) {
      return null;
    }
    String q = v.trim();
    if (q.isEmpty()) {
      throw DeepLakeErrors.invalidOption(QUERY, v, "a TQL query, e.g. SELECT * WHERE labels == 2");
    }
    String head = q.toLowerCase(Locale.ROOT);
    if (head.startsWith("select")) {
      try {
        Tql.parse(q);
      } catch (TqlException e) {
        throw DeepLakeErrors.invalidQuery(v, e);
      }
      return q;
    }
    if (head.startsWith("(")) {
      try {
        Tql.parse(q); // a parenthesized query or set operation
        return q;
      } catch (TqlException e) {
        if (head.matches("(?s)\\(\\s*select\\b.*")) {
          throw DeepLakeErrors.invalidQuery(v, e);
        }
        // else: a condition such as (labels == 1) OR (labels == 2)
      }
    }
    String full = "SELECT * WHERE " + q;
    try {
      Tql.parse(full);
    } catch (TqlException e) {
      throw DeepLakeErrors.invalidQuery(v, e);
    }
    return full;
  }

  private static Selection selection(Map<String, String> o, String key) {
    String v = o.get(key.toLowerCase(Locale.ROOT));
    if (v == null) {
      return Selection.NONE;
    }
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return Selection.ALL;
      case "false":
        return Selection.NONE;
      default:
        break;
    }
    List<String> names = new ArrayList<>();
    for (String s : v.split(",")) {
      String name = s.trim();
      if (!name.isEmpty() && !names.contains(name)) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      throw DeepLakeErrors.invalidOption(
          key, v, "true, false or a comma-separated list of tensors");
    }
    return new Selection(false, names);
  }

  private static ClassLabels classLabels(String v) {
    if (v == null) {
      return ClassLabels.INDEX;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "index" -> ClassLabels.INDEX;
      case "name" -> ClassLabels.NAME;
      default -> throw DeepLakeErrors.invalidOption(CLASS_LABELS, v, "index or name");
    };
  }

  private static long positive(Map<String, String> o, String key, long dflt, long max) {
    String v = o.get(key.toLowerCase(Locale.ROOT));
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n > 0 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw DeepLakeErrors.invalidOption(key, v, "a positive integer up to " + max);
  }

  private static long bytes(Map<String, String> o, String key, long dflt) {
    String v = o.get(key.toLowerCase(Locale.ROOT));
    if (v == null) {
      return dflt;
    }
    String s = v.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (s.endsWith("b")) {
      s = s.substring(0, s.length() - 1);
    }
    if (!s.isEmpty()) {
      switch (s.charAt(s.length() - 1)) {
        case 'k' -> unit = 1L << 10;
        case 'm' -> unit = 1L << 20;
        case 'g' -> unit = 1L << 30;
        default -> unit = 1;
      }
      if (unit > 1) {
        s = s.substring(0, s.length() - 1);
      }
    }
    try {
      long n = Math.multiplyExact(Long.parseLong(s.trim()), unit);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below
    }
    throw DeepLakeErrors.invalidOption(key, v, "a positive size in bytes, e.g. 134217728 or 128m");
  }

  /** Engine open options for this read at {@code version} (a ref or a pinned node id). */
  OpenOptions openOptions(String version) {
    return OpenOptions.defaults().withRef(version).withStorageOptions(storageOptions);
  }

  /** The same options reading {@code otherRef} (VERSION AS OF in SQL). */
  DeepLakeOptions withRef(String otherRef) {
    return new DeepLakeOptions(
        path,
        otherRef,
        tensors,
        includeHidden,
        padTensors,
        classLabels,
        decodeImages,
        decodeLinks,
        jsonAsVariant,
        shapeColumns,
        labelColumns,
        query,
        partitionBytes,
        batchSize,
        storageOptions);
  }

  /** The same options reading class_label tensors as {@code labels}. */
  DeepLakeOptions withClassLabels(ClassLabels labels) {
    return new DeepLakeOptions(
        path,
        ref,
        tensors,
        includeHidden,
        padTensors,
        labels,
        decodeImages,
        decodeLinks,
        jsonAsVariant,
        shapeColumns,
        labelColumns,
        query,
        partitionBytes,
        batchSize,
        storageOptions);
  }

  @Override
  public String toString() {
    return "DeepLakeOptions[path="
        + path
        + ", ref="
        + ref
        + ", tensors="
        + tensors
        + ", includeHidden="
        + includeHidden
        + ", padTensors="
        + padTensors
        + ", classLabels="
        + classLabels
        + ", decodeImages="
        + decodeImages
        + ", decodeLinks="
        + decodeLinks
        + ", jsonAsVariant="
        + jsonAsVariant
        + ", shapeColumns="
        + shapeColumns
        + ", labelColumns="
        + labelColumns
        + (query == null ? "" : ", query=" + query)
        + ", partitionBytes="
        + partitionBytes
        + ", batchSize="
        + batchSize
        + ", storageOptions="
        + storageOptions.keySet()
        + "]";
  }
}
