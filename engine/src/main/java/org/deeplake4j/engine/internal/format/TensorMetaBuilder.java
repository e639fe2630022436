package org.deeplake4j.engine.internal.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code tensor_meta.json} being written: the mutable, typed counterpart of {@link TensorMeta}
 * (which readers use), and the only way writers build or change a tensor meta. It keeps the whole
 * JSON object, so the keys Python writes for the tensor's htype ({@link MetaTemplates}) and keys
 * this engine does not interpret are written back exactly, in Python's layout ({@link MetaJson});
 * setters write each field in the JSON type Python writes. Not thread-safe.
 */
public final class TensorMetaBuilder {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ObjectNode raw;

  /**
   * The fields every append reads (writers ask several times per sample), read from {@code raw}
   * once; dropped by every setter that can change them.
   */
  private Kind kind;

  private record Kind(
      String htype,
      String dtype,
      String sampleCompression,
      String chunkCompression,
      boolean sequence,
      boolean link,
      long maxChunkSize,
      long tilingThreshold) {}

  private TensorMetaBuilder(ObjectNode raw) {
    this.raw = raw;
  }

  private Kind kind() {
    Kind k = kind;
    if (k == null) {
      JsonNode m = raw.get("max_chunk_size");
      JsonNode t = raw.get("tiling_threshold");
      k =
          new Kind(
              text(raw.get("htype")),
              text(raw.get("dtype")),
              text(raw.get("sample_compression")),
              text(raw.get("chunk_compression")),
              raw.path("is_sequence").asBoolean(false),
              raw.path("is_link").asBoolean(false),
              m == null || m.isNull() || m.asLong() == 0
                  ? TensorMeta.DEFAULT_MAX_CHUNK_SIZE
                  : m.asLong(),
              t == null || t.isNull() || t.asLong() == 0
                  ? TensorMeta.DEFAULT_TILING_THRESHOLD
                  : t.asLong());
      kind = k;
    }
    return k;
  }

  /** Takes ownership of {@code raw} (templates build it). */
  static TensorMetaBuilder wrap(ObjectNode raw) {
    return new TensorMetaBuilder(raw);
  }

  /** A builder starting from a meta read from storage (a copy: {@code meta} is not changed). */
  public static TensorMetaBuilder of(TensorMeta meta) {
    return new TensorMetaBuilder(meta.raw());
  }

  /** An independent copy. */
  public TensorMetaBuilder copy() {
    return new TensorMetaBuilder(raw.deepCopy());
  }

  /** Replaces every field by {@code other}'s (this builder stays the same object). */
  public void replaceWith(TensorMetaBuilder other) {
    ObjectNode m = other.raw.deepCopy();
    raw.removeAll();
    raw.setAll(m);
    kind = null;
  }

  // ------------------------------------------------------------------------------ reading

  /** The user-visible name ("" when absent). */
  public String name() {
    return raw.path("name").asText();
  }

  /** The htype, or null while unset (Python sets it at the first append). */
  public String htype() {
    return kind().htype();
  }

  /** The dtype name, or null while unset. */
  public String dtype() {
    return kind().dtype();
  }

  /** numpy's type string of the dtype ({@code <u8}), or null while unset. */
  public String typestr() {
    return text(raw.get("typestr"));
  }

  /** Per-sample codec or null (as stored, not normalized). */
  public String sampleCompression() {
    return kind().sampleCompression();
  }

  /** Whole-chunk codec or null (as stored, not normalized). */
  public String chunkCompression() {
    return kind().chunkCompression();
  }

  /** Stored items (flattened for sequences). */
  public long length() {
    return raw.path("length").asLong();
  }

  /** {@code sequence[...]}. */
  public boolean isSequence() {
    return kind().sequence();
  }

  /** {@code link[...]}. */
  public boolean isLink() {
    return kind().link();
  }

  /** Whether link samples are read at append to record their shapes (default true). */
  public boolean verify() {
    return raw.path("verify").asBoolean(true);
  }

  /** The stored max chunk size, or the library default when unset or 0. */
  public long effectiveMaxChunkSize() {
    return kind().maxChunkSize();
  }

  /** The stored tiling threshold, or the default when unset or 0; -1 = never tile. */
  public long effectiveTilingThreshold() {
    return kind().tilingThreshold();
  }

  /** Sample dimensionality, or -1 while no shaped sample was stored. */
  public int ndim() {
    JsonNode s = raw.get("max_shape");
    return s == null || !s.isArray() || s.size() == 0 ? -1 : s.size();
  }

  /** Per-dimension minimum sample shape (empty while unknown), or null when the field is absent. */
  public long[] minShape() {
    return longs(raw.get("min_shape"));
  }

  /** Per-dimension maximum sample shape (empty while unknown), or null when the field is absent. */
  public long[] maxShape() {
    return longs(raw.get("max_shape"));
  }

  /** Companion tensors maintained on append: key to link spec, in stored order. */
  public Map<String, JsonNode> links() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    raw.path("links").properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * Field {@code field} as text, or null when absent or null: for comparing two metas field by
   * field (a rebase refuses a tip whose dtype, htype, compressions or kind changed).
   */
  public String fieldText(String field) {
    return text(raw.get(field));
  }

  // ------------------------------------------------------------------------------ writing

  /** Sets {@code name}. */
  public void setName(String name) {
    raw.set("name", F.textNode(name));
    kind = null;
  }

  /** Sets {@code htype}. */
  public void setHtype(String htype) {
    raw.set("htype", F.textNode(htype));
    kind = null;
  }

  /** Sets {@code dtype}. */
  public void setDtype(String dtype) {
    raw.set("dtype", F.textNode(dtype));
    kind = null;
  }

  /** Sets {@code typestr}. */
  public void setTypestr(String typestr) {
    raw.set("typestr", F.textNode(typestr));
    kind = null;
  }

  /** Sets {@code length}. */
  public void setLength(long length) {
    raw.put("length", length);
  }

  /** Sets {@code min_shape} and {@code max_shape}. */
  public void setShapes(long[] min, long[] max) {
    ArrayNode a = F.arrayNode();
    ArrayNode b = F.arrayNode();
    for (long v : min) {
      a.add(v);
    }
    for (long v : max) {
      b.add(v);
    }
    raw.set("min_shape", a);
    raw.set("max_shape", b);
  }

  /** Adds companion {@code key}, maintained as {@code spec} says, to {@code links}. */
  public void addLink(String key, ObjectNode spec) {
    ((ObjectNode) raw.get("links")).set(key, spec);
    kind = null;
  }

  /**
   * Empties {@code vdb_indexes} (see {@link VdbIndexes}): a write the indexes do not follow makes
   * them stale. Returns the ids it listed (none: the meta is unchanged).
   */
  public List<String> dropVdbIndexes() {
    if (!VdbIndexes.lists(raw)) {
      return List.of();
    }
    List<String> ids = VdbIndexes.ids(raw);
    raw.putArray(VdbIndexes.FIELD);
    return ids;
  }

  // ------------------------------------------------------------------------------ output

  /** tensor_meta.json as Python writes it. */
  public byte[] toBytes() {
    return MetaJson.bytes(raw);
  }

  /** The meta as readers see it ({@code key} names it in errors). */
  public TensorMeta build(String key) {
    return TensorMeta.parse(toBytes(), key);
  }

  @Override
  public String toString() {
    return "TensorMetaBuilder" + raw;
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static long[] longs(JsonNode a) {
    if (a == null || !a.isArray()) {
      return null;
    }
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asLong();
    }
    return out;
  }
}
