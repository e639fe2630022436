package org.deeplake4j.engine.internal.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplake4j.engine.types.Htype;

/**
 * The metadata Python deeplake 3.9.52 writes when it creates a tensor: the key set of {@code
 * tensor_meta.json} per htype (common keys plus the htype's extras), the htype defaults, and the
 * hidden companion tensors ({@code _x_id}, {@code _x_shape}, {@code _x_info}) with their metas and
 * link specs. Checked against metas captured from the real library (see the tests).
 */
public final class MetaTemplates {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Default dtype per htype (absent: inferred from the first sample). */
  private static final Map<Htype, String> DEFAULT_DTYPE =
      new EnumMap<>(
          Map.ofEntries(
              Map.entry(Htype.IMAGE_RGB, "uint8"),
              Map.entry(Htype.IMAGE_GRAY, "uint8"),
              Map.entry(Htype.CLASS_LABEL, "uint32"),
              Map.entry(Htype.BBOX, "float32"),
              Map.entry(Htype.BBOX_3D, "float32"),
              Map.entry(Htype.INTRINSICS, "float32"),
              Map.entry(Htype.SEGMENT_MASK, "uint32"),
              Map.entry(Htype.BINARY_MASK, "bool"),
              Map.entry(Htype.INSTANCE_LABEL, "uint32"),
              Map.entry(Htype.KEYPOINTS_COCO, "int32"),
              Map.entry(Htype.POINT, "int32"),
              Map.entry(Htype.POLYGON, "float32"),
              Map.entry(Htype.EMBEDDING, "float32"),
              Map.entry(Htype.TEXT, "str"),
              Map.entry(Htype.JSON, "Any"),
              Map.entry(Htype.LIST, "List"),
              Map.entry(Htype.TAG, "List"),
              Map.entry(Htype.AUDIO, "float64"),
              Map.entry(Htype.VIDEO, "uint8"),
              Map.entry(Htype.POINT_CLOUD, "float32")));

  /** Htypes whose samples get a {@code _x_info} companion. */
  public static final Set<Htype> INFO_HTYPES =
      Collections.unmodifiableSet(
          EnumSet.of(
              Htype.IMAGE,
              Htype.AUDIO,
              Htype.VIDEO,
              Htype.DICOM,
              Htype.POINT_CLOUD,
              Htype.MESH,
              Htype.NIFTI,
              Htype.SEGMENT_MASK));

  /** Htypes without a {@code _x_shape} companion. */
  public static final Set<Htype> NO_SHAPE_HTYPES =
      Collections.unmodifiableSet(EnumSet.of(Htype.TEXT, Htype.JSON, Htype.TAG));

  /** Max chunk size of the hidden shape and info tensors: 4 MB. */
  public static final long SAMPLE_INFO_MAX_CHUNK_SIZE = 4_000_000L;

  private MetaTemplates() {}

  /** Default dtype of an htype, or null when Python infers it. */
  public static String defaultDtype(Htype htype) {
    return htype == null ? null : DEFAULT_DTYPE.get(htype);
  }

  /**
   * Default dtype of an htype name (see {@link #defaultDtype(Htype)}); null for null or unknown.
   */
  public static String defaultDtype(String htype) {
    return defaultDtype(Htype.find(htype).orElse(null));
  }

  /** Default sample compression of an htype (dicom: dcm), or null. */
  public static String defaultSampleCompression(Htype htype) {
    return htype == Htype.DICOM ? "dcm" : null;
  }

  /** Default sample compression of an htype name (see {@link #defaultSampleCompression(Htype)}). */
  public static String defaultSampleCompression(String htype) {
    return defaultSampleCompression(Htype.find(htype).orElse(null));
  }

  /**
   * A fresh tensor_meta.json.
   *
   * @param htype base htype, or null for an untyped tensor
   */
  public static TensorMetaBuilder tensorMeta(
      String name,
      String htype,
      String dtype,
      String sampleCompression,
      String chunkCompression,
      Long maxChunkSize,
      Long tilingThreshold,
      boolean hidden,
      boolean isSequence,
      boolean isLink,
      boolean verify) {
    return TensorMetaBuilder.wrap(
        raw(
            name,
            htype,
            dtype,
            sampleCompression,
            chunkCompression,
            maxChunkSize,
            tilingThreshold,
            hidden,
            isSequence,
            isLink,
            verify));
  }

  /** The JSON object of {@link #tensorMeta}: Python's keys for the htype. */
  private static ObjectNode raw(
      String name,
      String htype,
      String dtype,
      String sampleCompression,
      String chunkCompression,
      Long maxChunkSize,
      Long tilingThreshold,
      boolean hidden,
      boolean isSequence,
      boolean isLink,
      boolean verify) {
    ObjectNode m = F.objectNode();
    m.put("chunk_compression", chunkCompression);
    m.put("dtype", dtype);
    m.put("hidden", hidden);
    m.put("htype", htype);
    m.put("is_link", isLink);
    m.put("is_sequence", isSequence);
    m.put("length", 0);
    m.putObject("links");
    m.put("max_chunk_size", maxChunkSize);
    m.putArray("max_shape");
    m.putArray("min_shape");
    m.put("name", name);
    m.put("sample_compression", sampleCompression);
    m.put("tiling_threshold", tilingThreshold);
    m.putNull("typestr");
    m.put("verify", verify);
    m.put("version", VersionStrings.WRITTEN);
    Htype known = Htype.find(htype).orElse(null);
    if (known != null) {
      switch (known) {
        case IMAGE -> {
          m.putNull("intrinsics");
          m.putArray("_info").add("intrinsics");
        }
        case CLASS_LABEL -> {
          m.putArray("class_names");
          m.putArray("_info").add("class_names");
          m.put("_disable_temp_transform", false);
        }
        case SEGMENT_MASK -> {
          m.putArray("class_names");
          m.putArray("_info").add("class_names");
        }
        case BBOX, BBOX_3D -> {
          m.putObject("coords");
          m.putArray("_info").add("coords");
        }
        case KEYPOINTS_COCO -> {
          m.putArray("keypoints");
          m.putArray("connections");
          ArrayNode info = m.putArray("_info");
          info.add("keypoints").add("connections");
        }
        case EMBEDDING, TEXT -> m.putArray("vdb_indexes");
        default -> {}
      }
    }
    return m;
  }

  /** A hidden companion tensor of a parent tensor. */
  public record Companion(String kind, String key, ObjectNode linkSpec, TensorMetaBuilder meta) {}

  /**
   * The companions Python creates for a tensor with key {@code key} (in dataset_meta order: info,
   * shape, id).
   */
  public static List<Companion> companions(
      String key,
      String htype,
      boolean isLink,
      boolean verify,
      boolean createId,
      boolean createShape,
      boolean createInfo) {
    int slash = key.lastIndexOf('/');
    String prefix = key.substring(0, slash + 1);
    String base = key.substring(slash + 1);
    List<Companion> out = new ArrayList<>();
    Htype h = Htype.ofStored(htype);
    boolean linkVerified = !isLink || verify;
    if (createInfo && linkVerified && INFO_HTYPES.contains(h)) {
      String k = Layout.companion(prefix, base, "info");
      out.add(
          new Companion(
              "info",
              k,
              link("extend_info", true, "update_info"),
              hiddenMeta(k, Htype.JSON.pythonName(), "Any", SAMPLE_INFO_MAX_CHUNK_SIZE)));
    }
    if (createShape && linkVerified && !NO_SHAPE_HTYPES.contains(h)) {
      String k = Layout.companion(prefix, base, "shape");
      boolean len = h == Htype.LIST;
      out.add(
          new Companion(
              len ? "len" : "shape",
              k,
              link(len ? "extend_len" : "extend_shape", true, len ? "update_len" : "update_shape"),
              hiddenMeta(k, null, "int64", SAMPLE_INFO_MAX_CHUNK_SIZE)));
    }
    if (createId) {
      String k = Layout.companion(prefix, base, "id");
      TensorMetaBuilder meta = hiddenMeta(k, null, null, null);
      out.add(new Companion("id", k, link("extend_id", false, null), meta));
    }
    return out;
  }

  private static ObjectNode link(String extend, boolean flatten, String update) {
    ObjectNode l = F.objectNode();
    l.put("extend", extend);
    l.put("flatten_sequence", flatten);
    if (update != null) {
      l.put("update", update);
    }
    return l;
  }

  private static TensorMetaBuilder hiddenMeta(
      String key, String htype, String dtype, Long maxChunk) {
    ObjectNode m = raw(key, htype, dtype, null, null, maxChunk, null, true, false, false, true);
    if (Htype.JSON.pythonName().equals(htype)) {
      m.remove("vdb_indexes");
    }
    return TensorMetaBuilder.wrap(m);
  }
}
