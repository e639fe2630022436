package org.deeplake4j.engine.internal.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.errors.DatasetViewSavingException;
import org.deeplake4j.engine.errors.UnsupportedFormatException;
import org.deeplake4j.engine.errors.ViewNotFoundException;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.read.TensorReader;
import org.deeplake4j.engine.internal.version.DatasetLock;
import org.deeplake4j.engine.internal.write.CoreOptions;
import org.deeplake4j.engine.internal.write.DatasetCore;
import org.deeplake4j.engine.internal.write.Lifecycle;
import org.deeplake4j.engine.internal.write.Merger;
import org.deeplake4j.engine.internal.write.NewTensorSpec;
import org.deeplake4j.engine.internal.write.VersionSource;
import org.deeplake4j.engine.storage.InvalidKeyException;
import org.deeplake4j.engine.storage.Keys;
import org.deeplake4j.engine.storage.PrefixStorage;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * Saved views in Python deeplake 3.x's layout (facts from deeplake 3.9.52, written down here):
 *
 * <ul>
 *   <li>{@code queries.json} at the dataset root: a JSON list of entries, one per view, each an
 *       object with {@code id}, {@code virtual-datasource}, {@code source-dataset} (path), {@code
 *       source-dataset-version} (the commit the rows belong to), {@code created_at} (epoch
 *       seconds), optional {@code message}, {@code query} / {@code tql_query}, {@code
 *       source-dataset-index} (Python's index JSON), {@code first-index-subscriptable} (virtual
 *       views) and {@code path} (views optimized after saving, whose folder is {@code
 *       <id>_OPTIMIZED}). Read-modify-write under {@code queries.lock} (Python's lock record, 10
 *       s).
 *   <li>{@code .queries/<path or id>/}: a dataset of its own (one uncommitted root version) whose
 *       {@code dataset_info.json} repeats the entry. A virtual view holds one tensor {@code
 *       VDS_INDEX} (uint64, one scalar per row, no companion tensors): the dataset rows in view
 *       order. A materialized view holds copies of the source tensors' rows, with companions, plus
 *       a hidden {@code VDS_INDEX}.
 *   <li>Loading a virtual view reads the source dataset at {@code source-dataset-version}, takes
 *       the rows in {@code VDS_INDEX} and, if there is a {@code tql_query}, runs it over them. Java
 *       writes a query view's TQL as {@code query} (informational, like Python's filter source), so
 *       Python loads exactly the stored rows without running a query engine.
 * </ul>
 */
public final class SavedViews {
  static final String QUERIES_KEY = Layout.QUERIES;
  static final String FOLDER = Layout.QUERIES_FOLDER;
  static final String VDS_INDEX = "VDS_INDEX";

  /**
   * One entry of queries.json, read: the public {@code ViewEntry}'s values (see there for each).
   */
  public record SavedView(
      String id,
      String message,
      String commitId,
      boolean virtual,
      Optional<String> query,
      Optional<String> tqlQuery,
      String sourceDataset,
      String folder,
      ObjectNode info) {}

  /**
   * A saved view to load: its entry and the storage of its folder (read-only); for a virtual view
   * also its rows of the source dataset (of {@code entry.commitId()}), else null.
   */
  public record Loaded(SavedView entry, Storage folder, long[] rows) {}

  /**
   * Reads numbers as written (Python's {@code created_at} floats keep their digits when Java
   * rewrites other writers' entries).
   */
  private static final com.fasterxml.jackson.databind.ObjectMapper EXACT =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  private SavedViews() {}

  // ------------------------------------------------------------------------------ queries.json

  /** The entries of queries.json ([] when there is none). */
  static ArrayNode read(DatasetCore ds) {
    Storage s = ds.storage();
    Optional<byte[]> b = s.getIfExists(QUERIES_KEY);
    if (b.isEmpty()) {
      return JsonNodeFactory.instance.arrayNode();
    }
    String where = "the saved views of " + s.root() + " (" + QUERIES_KEY + ")";
    JsonNode root;
    try {
      root = EXACT.readTree(b.get());
      if (root == null || root.isMissingNode()) {
        throw new java.io.IOException("empty file");
      }
    } catch (java.io.IOException e) {
      throw new CorruptDataException(
          QUERIES_KEY,
          "cannot read "
              + where
              + ": malformed JSON ("
              + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                  ? j.getOriginalMessage()
                  : e.getMessage())
              + "); fix or delete the file (deleting it forgets every saved view)",
          e);
    }
    if (!root.isArray()) {
      throw new CorruptDataException(
          QUERIES_KEY,
          "cannot read " + where + ": expected a JSON list of views, found " + root.getNodeType());
    }
    for (int i = 0; i < root.size(); i++) {
      JsonNode e = root.get(i);
      if (!e.isObject() || !e.path("id").isTextual()) {
        throw new CorruptDataException(
            QUERIES_KEY, "cannot read " + where + ": entry " + i + " is not an object with an id");
      }
    }
    return (ArrayNode) root;
  }

  private static void write(DatasetCore ds, ArrayNode entries) {
    try {
      ds.storage().put(QUERIES_KEY, EXACT.writeValueAsBytes(entries));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The views saved in the dataset, in saving order. */
  public static List<SavedView> list(DatasetCore ds) {
    List<SavedView> out = new ArrayList<>();
    for (JsonNode e : read(ds)) {
      out.add(entry(ds, (ObjectNode) e));
    }
    return List.copyOf(out);
  }

  /**
   * The saved view {@code id}.
   *
   * @throws ViewNotFoundException when there is none
   */
  public static SavedView get(DatasetCore ds, String id) {
    for (JsonNode e : read(ds)) {
      if (id.equals(e.get("id").asText())) {
        return entry(ds, (ObjectNode) e);
      }
    }
    throw new ViewNotFoundException(id, ds.path());
  }

  private static SavedView entry(DatasetCore ds, ObjectNode e) {
    String id = e.get("id").asText();
    JsonNode path = e.get("path");
    String folder = FOLDER + (path != null && path.isTextual() ? path.asText() : id);
    return new SavedView(
        id,
        e.path("message").isTextual() ? e.get("message").asText() : "",
        e.path("source-dataset-version").isTextual()
            ? e.get("source-dataset-version").asText()
            : null,
        e.path("virtual-datasource").asBoolean(true),
        text(e, "query"),
        text(e, "tql_query"),
        e.path("source-dataset").asText(ds.path()),
        folder,
        e);
  }

  private static Optional<String> text(ObjectNode e, String field) {
    JsonNode n = e.get(field);
    return n != null && n.isTextual() && !n.asText().isEmpty()
        ? Optional.of(n.asText())
        : Optional.empty();
  }

  // ------------------------------------------------------------------------------ save

  /**
   * Saves rows {@code rows} of the dataset (with the query {@code q} they came from, or null) as
   * view {@code id} (null: a hash of the rows), materialized when {@code optimize}.
   */
  public static SavedView save(
      DatasetCore ds, long[] rows, String q, String id, String message, boolean optimize) {
    Storage s = ds.storage();
    if (s.isReadOnly()) {
      throw new DatasetViewSavingException(
          "cannot save a view in "
              + ds.path()
              + ": the dataset is open read-only; open it writable (Dataset.openWritable, or"
              + " OpenOptions.withReadOnly(false)) to save views");
    }
    ds.writer().flushIfDirty();
    if (ds.hasHeadChanges()) {
      throw new DatasetViewSavingException(
          "cannot save a view of "
              + ds.path()
              + ": its HEAD node (branch '"
              + ds.node().branch()
              + "') has uncommitted changes; commit them first (ds.commit(message)), as Python"
              + " requires, so the view can name the commit its rows belong to");
    }
    String commit = ds.commitId();
    if (commit == null) {
      throw new DatasetViewSavingException(
          "cannot save a view of "
              + ds.path()
              + ": nothing was committed yet; commit first (ds.commit(message)) so the view can"
              + " name the commit its rows belong to");
    }
    String vid = id != null ? id : hash(ds, rows, q);
    checkId(vid);
    for (JsonNode e : read(ds)) {
      if (vid.equals(e.get("id").asText())) {
        throw new DatasetViewSavingException(
            "a view with id '"
                + vid
                + "' already exists in "
                + ds.path()
                + "; use another id or delete it first (deleteView)");
      }
    }
    ObjectNode info = JsonNodeFactory.instance.objectNode();
    info.put("id", vid);
    info.put("virtual-datasource", !optimize);
    info.put("source-dataset", ds.path());
    info.put("source-dataset-version", commit);
    info.put("created_at", java.math.BigDecimal.valueOf(System.currentTimeMillis(), 3));
    if (message != null) {
      info.put("message", message);
    }
    if (q != null) {
      info.put("query", q);
    }
    info.set("source-dataset-index", indexJson(rows));
    if (!optimize) {
      info.put("first-index-subscriptable", true);
    }
    String folder = FOLDER + vid;
    writeViewDataset(ds, PrefixStorage.of(s, folder), rows, info, optimize);
    DatasetLock.withQueriesLock(
        s,
        () -> {
          ArrayNode all = read(ds);
          int at = -1;
          for (int i = 0; i < all.size(); i++) {
            if (vid.equals(all.get(i).get("id").asText())) {
              at = i;
            }
          }
          if (at >= 0) {
            all.set(at, info);
          } else {
            all.add(info);
          }
          write(ds, all);
          return null;
        });
    return entry(ds, info);
  }

  private static void checkId(String id) {
    if (id.isEmpty() || id.contains("/") || id.contains("\\")) {
      throw new IllegalArgumentException(
          "view id '" + id + "' must be non-empty and contain no '/' or '\\'");
    }
    try {
      Keys.check(FOLDER + id);
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("view id '" + id + "' is not usable as a folder name", e);
    }
  }

  private static String hash(DatasetCore ds, long[] rows, String q) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(ds.path().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(ds.node().id().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      ByteBuffer b = ByteBuffer.allocate(8);
      for (long r : rows) {
        b.clear();
        md.update(b.putLong(r).array());
      }
      if (q != null) {
        md.update(q.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Python's index JSON for the rows: a slice object when they step evenly (compact for large
   * views), else a list.
   */
  static ArrayNode indexJson(long[] rows) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    if (rows.length == 0) {
      ObjectNode sl = out.addObject();
      sl.put("start", 0);
      sl.put("stop", 0);
      sl.putNull("step");
      return out;
    }
    long step = rows.length > 1 ? rows[1] - rows[0] : 0;
    boolean even = rows.length > 1 && step != 0;
    for (int i = 2; even && i < rows.length; i++) {
      even = rows[i] - rows[i - 1] == step;
    }
    if (even) {
      ObjectNode sl = out.addObject();
      sl.put("start", rows[0]);
      long stop = rows[rows.length - 1] + step;
      if (stop < 0) {
        sl.putNull("stop");
      } else {
        sl.put("stop", stop);
      }
      if (step == 1) {
        sl.putNull("step");
      } else {
        sl.put("step", step);
      }
      return out;
    }
    ArrayNode list = out.addArray();
    for (long r : rows) {
      list.add(r);
    }
    return out;
  }

  private static void writeViewDataset(
      DatasetCore ds, Storage sub, long[] rows, ObjectNode info, boolean optimize) {
    VersionSource src = ds.reads();
    for (String k : sub.list("")) {
      sub.delete(k); // leftovers of a save that died before queries.json named it
    }
    Map<String, Object> infoMap = new LinkedHashMap<>();
    try (DatasetCore vds = Lifecycle.create(sub, CoreOptions.defaults(), true)) {
      if (optimize) {
        List<TensorReader> tensors = new ArrayList<>();
        for (String name : src.tensorNames(false)) {
          tensors.add(src.tensor(name));
          vds.writer().createTensor(name, NewTensorSpec.from(src.tensor(name)));
          vds.writer().flushIfDirty(); // as the public createTensor, which returns a fresh handle
        }
        for (long r : rows) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (TensorReader t : tensors) {
            row.put(t.name(), Merger.valueOf(t, r, null));
          }
          vds.writer().append(row);
        }
        infoMap.putAll(Json.MAPPER.convertValue(src.info(), MAP));
      }
      // TensorSpec.generic().withDtype("uint64").withHidden(optimize).withoutCompanions()
      vds.writer()
          .createTensor(
              VDS_INDEX,
              new NewTensorSpec(
                  null, "uint64", null, null, null, null, null, optimize, false, false, false, true,
                  null));
      vds.writer().flushIfDirty();
      ByteBuffer b = ByteBuffer.allocate(rows.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      for (long r : rows) {
        b.putLong(r);
      }
      if (rows.length > 0) {
        vds.writer()
            .extend(VDS_INDEX, NdArray.of(Dtype.UINT64, new long[] {rows.length}, b.array()));
      }
      infoMap.putAll(Json.MAPPER.convertValue(info, MAP));
      vds.writer().setInfo(infoMap);
      vds.writer().flush();
    }
  }

  // ------------------------------------------------------------------------------ load

  /**
   * The saved view {@code id} to load: a materialized view's folder, or a virtual view's rows (the
   * caller opens the folder, or the source dataset at the view's commit).
   *
   * @throws ViewNotFoundException when there is none
   */
  public static Loaded load(DatasetCore ds, String id) {
    SavedView e = get(ds, id);
    Storage sub = PrefixStorage.of(ds.storage(), e.folder()).readOnly();
    if (!sub.exists(Layout.DATASET_META) && !sub.exists(Layout.VERSION_CONTROL_INFO)) {
      throw new CorruptDataException(
          e.folder(),
          "view '"
              + id
              + "' of "
              + ds.path()
              + " is listed in "
              + QUERIES_KEY
              + " but its folder holds no dataset; delete the view (deleteView) and save it again");
    }
    if (!e.virtual()) {
      return new Loaded(e, sub, null);
    }
    JsonNode sub2 = e.info().get("sub-sample-index");
    if (sub2 != null && !sub2.isNull() && !(sub2.isArray() && sub2.isEmpty())) {
      throw new UnsupportedFormatException(
          "view '"
              + id
              + "' of "
              + ds.path()
              + " indexes inside samples (sub-sample-index "
              + sub2
              + "); only whole-row views can be loaded");
    }
    if (e.commitId() == null) {
      throw new CorruptDataException(
          QUERIES_KEY, "view '" + id + "' of " + ds.path() + " has no source-dataset-version");
    }
    long[] rows;
    try (DatasetCore vdsCore = Lifecycle.open(sub, CoreOptions.defaults(), true, null)) {
      VersionSource vds = vdsCore.reads();
      if (!vds.hasTensor(VDS_INDEX) && !vds.tensorNames(true).contains(VDS_INDEX)) {
        throw new CorruptDataException(
            e.folder(), "virtual view '" + id + "' of " + ds.path() + " has no VDS_INDEX tensor");
      }
      TensorReader t = vds.tensor(VDS_INDEX);
      long n = t.length();
      rows = new long[Math.toIntExact(n)];
      ByteBuffer b = ByteBuffer.allocate(rows.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      t.readRange(0, n, b);
      b.flip();
      for (int i = 0; i < rows.length; i++) {
        rows[i] = b.getLong();
      }
    }
    return new Loaded(e, sub, rows);
  }

  // ------------------------------------------------------------------------------ delete

  /**
   * Deletes saved view {@code id}: its entry in {@code queries.json} first, then its folder.
   *
   * @throws ViewNotFoundException when there is none
   */
  public static void delete(DatasetCore ds, String id) {
    Storage s = ds.storage();
    if (s.isReadOnly()) {
      throw new DatasetViewSavingException(
          "cannot delete view '"
              + id
              + "' of "
              + ds.path()
              + ": the dataset is open read-only; open it writable to delete views");
    }
    String folder =
        DatasetLock.withQueriesLock(
            s,
            () -> {
              ArrayNode all = read(ds);
              for (int i = 0; i < all.size(); i++) {
                ObjectNode en = (ObjectNode) all.get(i);
                if (id.equals(en.get("id").asText())) {
                  all.remove(i);
                  write(ds, all);
                  return entry(ds, en).folder();
                }
              }
              throw new ViewNotFoundException(id, ds.path());
            });
    for (String k : s.list(folder + "/")) {
      s.delete(k);
    }
  }
}
