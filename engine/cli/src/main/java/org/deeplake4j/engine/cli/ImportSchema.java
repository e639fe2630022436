package org.deeplake4j.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.storage.MemoryStorage;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.TensorMetadata;

/**
 * The {@code --schema} file of {@code deeplake import}: {@code {"tensors": [{"name": ..., "htype":
 * ..., ...}]}}, one object per tensor with Python's {@code create_tensor} argument names. Absent
 * keys take Python's defaults ({@link TensorSpec#of}). Every definition is checked by creating it
 * in an in-memory dataset, so a bad htype, dtype or compression is reported before anything is
 * written, and the metadata the engine would write is known (for comparing with an existing
 * dataset).
 */
final class ImportSchema {
  /** The keys a tensor definition may have. */
  static final List<String> KEYS =
      List.of(
          "name",
          "htype",
          "dtype",
          "sample_compression",
          "chunk_compression",
          "class_names",
          "max_chunk_size",
          "tiling_threshold",
          "hidden");

  /**
   * Strict JSON reading for the schema and the rows: duplicate keys and trailing content are
   * errors; {@code NaN} and {@code Infinity} (which Python's json module writes) are numbers.
   */
  static final JsonMapper STRICT_JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** One tensor of the schema: name, engine spec, and the keys given explicitly. */
  record TensorDef(String name, TensorSpec spec, Set<String> given) {}

  /**
   * What a row value of one tensor is converted for: the tensor's htype, dtype and compression as
   * the dataset has (or will have) them.
   *
   * @param baseHtype htype without sequence/link wrappers ({@code generic} when untyped)
   * @param dtype numpy dtype name, {@code str}/typing string for text-like htypes, or null when the
   *     first sample decides it
   */
  record Target(
      String name,
      Htype baseHtype,
      String dtype,
      String sampleCompression,
      boolean sequence,
      boolean link,
      boolean hidden) {

    /** The numeric dtype, or null. */
    Dtype numericDtype() {
      return Dtype.parse(dtype);
    }

    /** How the type is named in error messages: {@code generic, int32}, {@code text}, ... */
    String typeLabel() {
      String h = baseHtype.pythonName();
      if (sequence) {
        h = "sequence[" + h + "]";
      }
      if (link) {
        h = "link[" + h + "]";
      }
      return numericDtype() == null ? h : h + ", " + numericDtype().numpyName();
    }
  }

  final String file;
  final List<TensorDef> defs;
  private final Map<String, TensorMetadata> metas;
  private final Map<String, List<String>> classNames;

  private ImportSchema(
      String file,
      List<TensorDef> defs,
      Map<String, TensorMetadata> metas,
      Map<String, List<String>> classNames) {
    this.file = file;
    this.defs = defs;
    this.metas = metas;
    this.classNames = classNames;
  }

  /** Reads and checks a schema file. */
  static ImportSchema read(Path path) {
    String file = path.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new DeepLakeCli.CliException("cannot read schema " + file + ": no such file");
    } catch (IOException e) {
      throw new DeepLakeCli.CliException("cannot read schema " + file + ": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = STRICT_JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new DeepLakeCli.CliException(file + ": malformed JSON: " + jsonError(e));
    } catch (IOException e) {
      throw new DeepLakeCli.CliException("cannot read schema " + file + ": " + e.getMessage());
    }
    if (root == null || !root.isObject() || !root.path("tensors").isArray()) {
      throw new DeepLakeCli.CliException(
          file + ": expected {\"tensors\": [{\"name\": ..., \"htype\": ...}, ...]}");
    }
    for (var it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.equals("tensors")) {
        throw new DeepLakeCli.CliException(
            file + ": unknown key \"" + k + "\" (the schema has only \"tensors\")");
      }
    }
    List<TensorDef> defs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    JsonNode tensors = root.get("tensors");
    for (int i = 0; i < tensors.size(); i++) {
      TensorDef d = parseDef(file, i, tensors.get(i));
      if (!names.add(d.name())) {
        throw new DeepLakeCli.CliException(
            file + ": tensor '" + d.name() + "' is defined more than once");
      }
      defs.add(d);
    }
    Map<String, TensorMetadata> metas = new LinkedHashMap<>();
    Map<String, List<String>> classNames = new LinkedHashMap<>();
    try (MemoryStorage mem = new MemoryStorage("schema");
        Dataset ds = Dataset.create(mem, false)) {
      // Past the first commit, so that names only the root refuses (queries.json, ...) pass here:
      // whether they collide depends on the target, and creating them there says so.
      ds.commit("schema", true);
      for (TensorDef d : defs) {
        try {
          ds.createTensor(d.name(), d.spec());
        } catch (DeepLakeException e) {
          throw new DeepLakeCli.CliException(file + ": " + e.getMessage(), e);
        }
      }
      for (TensorDef d : defs) {
        Tensor t = ds.tensor(d.name());
        metas.put(d.name(), t.metadata());
        classNames.put(d.name(), t.classNames());
      }
    }
    return new ImportSchema(file, List.copyOf(defs), metas, classNames);
  }

  private static TensorDef parseDef(String file, int i, JsonNode o) {
    String where = file + ": tensors[" + i + "]";
    if (!o.isObject()) {
      throw new DeepLakeCli.CliException(where + ": expected an object, got " + o.getNodeType());
    }
    Set<String> given = new LinkedHashSet<>();
    for (var it = o.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new DeepLakeCli.CliException(
            where + ": unknown key \"" + k + "\" (known: " + String.join(", ", KEYS) + ")");
      }
      if (!o.get(k).isNull()) {
        given.add(k);
      }
    }
    JsonNode n = o.get("name");
    if (n == null || !n.isTextual()) {
      throw new DeepLakeCli.CliException(where + ": \"name\" (a string) is required");
    }
    String name = n.asText();
    where = file + ": tensor '" + name + "'";
    TensorSpec spec = TensorSpec.of(string(o, "htype", where));
    String dtype = string(o, "dtype", where);
    if (dtype != null) {
      spec = spec.withDtype(dtype);
    }
    spec = spec.withSampleCompression(string(o, "sample_compression", where));
    spec = spec.withChunkCompression(string(o, "chunk_compression", where));
    JsonNode cn = o.get("class_names");
    if (cn != null && !cn.isNull()) {
      List<String> list = new ArrayList<>();
      if (!cn.isArray()) {
        throw new DeepLakeCli.CliException(where + ": \"class_names\" must be an array of strings");
      }
      for (JsonNode x : cn) {
        if (!x.isTextual()) {
          throw new DeepLakeCli.CliException(
              where + ": \"class_names\" must be an array of strings, found " + x);
        }
        list.add(x.asText());
      }
      spec = spec.withClassNames(list);
    }
    Long maxChunk = integer(o, "max_chunk_size", where);
    if (maxChunk != null) {
      spec = spec.withMaxChunkSize(maxChunk);
    }
    Long tiling = integer(o, "tiling_threshold", where);
    if (tiling != null) {
      spec = spec.withTilingThreshold(tiling);
    }
    JsonNode h = o.get("hidden");
    if (h != null && !h.isNull()) {
      if (!h.isBoolean()) {
        throw new DeepLakeCli.CliException(where + ": \"hidden\" must be true or false");
      }
      spec = spec.withHidden(h.asBoolean());
    }
    return new TensorDef(name, spec, Set.copyOf(given));
  }

  private static String string(JsonNode o, String key, String where) {
    JsonNode v = o.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new DeepLakeCli.CliException(
          where + ": \"" + key + "\" must be a string or null, got " + v);
    }
    return v.asText();
  }

  private static Long integer(JsonNode o, String key, String where) {
    JsonNode v = o.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new DeepLakeCli.CliException(
          where + ": \"" + key + "\" must be an integer or null, got " + v);
    }
    return v.asLong();
  }

  /** The one-line description of a JSON parse error: the problem and where. */
  static String jsonError(JsonProcessingException e) {
    String msg = DeepLakeCli.oneLine(e.getOriginalMessage());
    var loc = e.getLocation();
    return loc == null || loc.getColumnNr() < 1 ? msg : msg + " (column " + loc.getColumnNr() + ")";
  }

  /** The targets of a new dataset: the tensors as the engine creates them from the schema. */
  Map<String, Target> targets() {
    Map<String, Target> out = new LinkedHashMap<>();
    for (TensorDef d : defs) {
      out.put(d.name(), target(d.name(), metas.get(d.name()), null));
    }
    return out;
  }

  /**
   * The targets of an existing dataset after {@link #differences} found none: the dataset's own
   * htype and compression; its dtype, or the schema's while the dataset's is still unset.
   */
  Map<String, Target> targets(Dataset ds) {
    Map<String, Target> out = new LinkedHashMap<>();
    for (TensorDef d : defs) {
      out.put(d.name(), target(d.name(), ds.tensor(d.name()).metadata(), metas.get(d.name())));
    }
    return out;
  }

  private static Target target(String name, TensorMetadata m, TensorMetadata fallback) {
    String dtype = m.dtypeName() != null || fallback == null ? m.dtypeName() : fallback.dtypeName();
    return new Target(
        name, m.htype(), dtype, m.sampleCompression(), m.isSequence(), m.isLink(), m.hidden());
  }

  /**
   * How the schema differs from the tensors of {@code ds} (empty when they match). Compared: the
   * tensor names (every schema tensor must exist; every visible tensor must be in the schema),
   * htype, dtype (unless the schema leaves it to the first sample, or the dataset's is still
   * unset), sample and chunk compression, hidden, class names (the schema's must begin the
   * dataset's, which grow as new labels are appended), and max_chunk_size / tiling_threshold where
   * the schema gives them.
   */
  List<String> differences(Dataset ds) {
    List<String> out = new ArrayList<>();
    for (TensorDef d : defs) {
      if (!ds.hasTensor(d.name())) {
        out.add("tensor '" + d.name() + "' is in the schema but not in the dataset");
        continue;
      }
      Tensor t = ds.tensor(d.name());
      TensorMetadata have = t.metadata();
      TensorMetadata want = metas.get(d.name());
      String p = "tensor '" + d.name() + "': ";
      if (!want.displayHtype().equals(have.displayHtype())) {
        out.add(p + "htype: schema " + want.displayHtype() + ", dataset " + have.displayHtype());
      }
      if (want.dtypeName() != null
          && have.dtypeName() != null
          && !normalDtype(want.dtypeName()).equals(normalDtype(have.dtypeName()))) {
        out.add(p + "dtype: schema " + want.dtypeName() + ", dataset " + have.dtypeName());
      }
      if (!Objects.equals(want.sampleCompression(), have.sampleCompression())) {
        out.add(
            p
                + "sample_compression: schema "
                + InfoCommand.orNone(want.sampleCompression())
                + ", dataset "
                + InfoCommand.orNone(have.sampleCompression()));
      }
      if (!Objects.equals(want.chunkCompression(), have.chunkCompression())) {
        out.add(
            p
                + "chunk_compression: schema "
                + InfoCommand.orNone(want.chunkCompression())
                + ", dataset "
                + InfoCommand.orNone(have.chunkCompression()));
      }
      if (want.hidden() != have.hidden()) {
        out.add(p + "hidden: schema " + want.hidden() + ", dataset " + have.hidden());
      }
      List<String> wantNames = classNames.get(d.name());
      List<String> haveNames = t.classNames();
      if (!wantNames.isEmpty()
          && (haveNames.size() < wantNames.size()
              || !haveNames.subList(0, wantNames.size()).equals(wantNames))) {
        out.add(p + "class_names: schema " + wantNames + ", dataset " + haveNames);
      }
      if (d.given().contains("max_chunk_size") && want.maxChunkSize() != have.maxChunkSize()) {
        out.add(
            p
                + "max_chunk_size: schema "
                + want.maxChunkSize()
                + ", dataset "
                + have.maxChunkSize());
      }
      if (d.given().contains("tiling_threshold")
          && want.tilingThreshold() != have.tilingThreshold()) {
        out.add(
            p
                + "tiling_threshold: schema "
                + want.tilingThreshold()
                + ", dataset "
                + have.tilingThreshold());
      }
    }
    for (String n : ds.tensorNames()) {
      if (!metas.containsKey(n)) {
        out.add("tensor '" + n + "' is in the dataset but not in the schema");
      }
    }
    return out;
  }

  private static String normalDtype(String d) {
    Dtype x = Dtype.parse(d);
    return x == null ? d : x.numpyName();
  }
}
