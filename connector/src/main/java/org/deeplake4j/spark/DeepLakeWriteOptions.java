package org.deeplake4j.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplake4j.engine.OpenOptions;

/**
 * The options of a Deep Lake write ({@code df.write.format("deeplake").option(...)}), parsed on the
 * driver. The path, {@code ref} (the branch written) and storage options are resolved as a read
 * resolves them ({@link DeepLakeOptions#parse}); the write's own keys are {@value #COMMIT_MESSAGE}
 * and the per-column settings {@code htype.<col>}, {@code dtype.<col>}, {@code
 * sampleCompression.<col>}, {@code chunkCompression.<col>} and {@code classNames.<col>} (comma
 * list). Keys are case-insensitive; column names are matched exactly, else ignoring case.
 *
 * @param path the dataset path or URL
 * @param branch the branch to write (null: main)
 * @param storageOptions options for the storage backend
 * @param commitMessage the Deep Lake commit message (null: no commit, the rows land on the HEAD)
 * @param columns per-column settings given as options, by column name as given
 * @param maxChunkSize {@value #MAX_CHUNK_SIZE} of the tensors the write creates, or null
 * @param tilingThreshold {@value #TILING_THRESHOLD} of the tensors the write creates (-1: no
 *     tiling), or null
 */
record DeepLakeWriteOptions(
    String path,
    String branch,
    Map<String, String> storageOptions,
    String commitMessage,
    Map<String, Column> columns,
    Long maxChunkSize,
    Long tilingThreshold)
    implements Serializable {

  /** Chunk size cap in bytes of the tensors a write creates (Python's max_chunk_size). */
  static final String MAX_CHUNK_SIZE = "maxChunkSize";

  /** Tiling threshold in bytes of the tensors a write creates ({@code -1}: never tile). */
  static final String TILING_THRESHOLD = "tilingThreshold";

  /** The commit message; a write with it makes a Deep Lake commit. */
  static final String COMMIT_MESSAGE = "commitMessage";

  static final String HTYPE = "htype";
  static final String DTYPE = "dtype";
  static final String SAMPLE_COMPRESSION = "sampleCompression";
  static final String CHUNK_COMPRESSION = "chunkCompression";
  static final String CLASS_NAMES = "classNames";

  private static final List<String> COLUMN_KEYS =
      List.of(HTYPE, DTYPE, SAMPLE_COMPRESSION, CHUNK_COMPRESSION, CLASS_NAMES);

  /**
   * Settings of one column (each null when not given).
   *
   * @param htype the tensor's htype
   * @param dtype the tensor's dtype
   * @param sampleCompression the per-sample codec
   * @param chunkCompression the chunk codec
   * @param classNames class names of a class_label tensor
   */
  record Column(
      String htype,
      String dtype,
      String sampleCompression,
      String chunkCompression,
      List<String> classNames)
      implements Serializable {
    static final Column NONE = new Column(null, null, null, null, null);

    Column with(String key, String value) {
      return switch (key) {
        case HTYPE -> new Column(value, dtype, sampleCompression, chunkCompression, classNames);
        case DTYPE -> new Column(htype, value, sampleCompression, chunkCompression, classNames);
        case SAMPLE_COMPRESSION -> new Column(htype, dtype, value, chunkCompression, classNames);
        case CHUNK_COMPRESSION -> new Column(htype, dtype, sampleCompression, value, classNames);
        default -> new Column(htype, dtype, sampleCompression, chunkCompression, names(value));
      };
    }

    private static List<String> names(String v) {
      List<String> out = new java.util.ArrayList<>();
      for (String s : v.split(",")) {
        if (!s.trim().isEmpty()) {
          out.add(s.trim());
        }
      }
      if (out.isEmpty()) {
        throw DeepLakeErrors.invalidOption(CLASS_NAMES, v, "a comma-separated list of names");
      }
      return List.copyOf(out);
    }
  }

  DeepLakeWriteOptions {
    storageOptions = Map.copyOf(storageOptions);
    columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  /**
   * Parses write options: the column settings and {@value #COMMIT_MESSAGE} are taken out, the rest
   * is parsed as {@link DeepLakeOptions} (path, ref, storage options).
   *
   * @throws org.apache.spark.sql.AnalysisException for a missing path or an invalid value
   */
  static DeepLakeWriteOptions parse(Map<String, String> options) {
    Map<String, String> rest = new LinkedHashMap<>();
    Map<String, Column> columns = new LinkedHashMap<>();
    String message = null;
    Long maxChunk = null;
    Long tiling = null;
    for (Map.Entry<String, String> e : options.entrySet()) {
      String k = e.getKey();
      String lower = k.toLowerCase(Locale.ROOT);
      if (lower.equals(COMMIT_MESSAGE.toLowerCase(Locale.ROOT))) {
        message = e.getValue();
        continue;
      }
      if (lower.equals(MAX_CHUNK_SIZE.toLowerCase(Locale.ROOT))) {
        maxChunk = number(MAX_CHUNK_SIZE, e.getValue(), 1);
        continue;
      }
      if (lower.equals(TILING_THRESHOLD.toLowerCase(Locale.ROOT))) {
        tiling = number(TILING_THRESHOLD, e.getValue(), -1);
        continue;
      }
      String key = columnKey(lower);
      if (key != null) {
        String col = k.substring(key.length() + 1);
        if (col.isEmpty() || e.getValue() == null || e.getValue().isBlank()) {
          throw DeepLakeErrors.invalidOption(k, e.getValue(), "a value for column '" + col + "'");
        }
        columns.put(col, columns.getOrDefault(col, Column.NONE).with(key, e.getValue().trim()));
        continue;
      }
      rest.put(k, e.getValue());
    }
    DeepLakeOptions o = DeepLakeOptions.parse(null, rest);
    return new DeepLakeWriteOptions(
        o.path(), o.ref(), o.storageOptions(), message, columns, maxChunk, tiling);
  }

  private static long number(String key, String v, long min) {
    try {
      long n = Long.parseLong(v.trim());
      if (n >= min && n != 0) {
        return n;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // reported below
    }
    throw DeepLakeErrors.invalidOption(
        key, v, min < 0 ? "a positive number of bytes, or -1" : "a positive number of bytes");
  }

  /** {@code options} without the write's own keys (what the read side of a write table takes). */
  static Map<String, String> readOptions(Map<String, String> options) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String lower = e.getKey().toLowerCase(Locale.ROOT);
      if (!lower.equals(COMMIT_MESSAGE.toLowerCase(Locale.ROOT))
          && !lower.equals(MAX_CHUNK_SIZE.toLowerCase(Locale.ROOT))
          && !lower.equals(TILING_THRESHOLD.toLowerCase(Locale.ROOT))
          && columnKey(lower) == null) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private static String columnKey(String lowerKey) {
    for (String c : COLUMN_KEYS) {
      if (lowerKey.startsWith(c.toLowerCase(Locale.ROOT) + ".")) {
        return c;
      }
    }
    return null;
  }

  /** The settings given for column {@code name} (exact name first, else ignoring case). */
  Column column(String name) {
    Column c = columns.get(name);
    if (c != null) {
      return c;
    }
    for (Map.Entry<String, Column> e : columns.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return Column.NONE;
  }

  /** Engine open options of the write (writable, at the branch). */
  OpenOptions openOptions() {
    return OpenOptions.defaults()
        .withRef(branch)
        .withStorageOptions(storageOptions)
        .withReadOnly(false);
  }

  @Override
  public String toString() {
    return "DeepLakeWriteOptions[path="
        + path
        + ", branch="
        + branch
        + ", commitMessage="
        + commitMessage
        + ", columns="
        + columns
        + ", maxChunkSize="
        + maxChunkSize
        + ", tilingThreshold="
        + tilingThreshold
        + ", storageOptions="
        + storageOptions.keySet()
        + "]";
  }
}
