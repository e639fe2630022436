package org.deeplake4j.engine.internal.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metadata Python deeplake 3.9.52 writes when it creates a tensor: the key set of {@code
 * tensor_meta.json} per htype (common keys plus the htype's extras), the htype defaults, and the
 * hidden companion tensors ({@code _x_id}, {@code _x_shape}, {@code _x_info}) with their metas and
 * link specs. Checked against metas captured from the real library (see the tests).
 */
public final class MetaTemplates {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Default dtype per htype (null: inferred from the first sample). */
  private static final Map<String, String> DEFAULT_DTYPE =
      Map.ofEntries(
          Map.entry("image.rgb", "uint8"),
          Map.entry("image.gray", "uint8"),
          Map.entry("class_label", "uint32"),
          Map.entry("bbox", "float32"),
          Map.entry("bbox.3d", "float32"),
          Map.entry("intrinsics", "float32"),
          Map.entry("segment_mask", "uint32"),
          Map.entry("binary_mask", "bool"),
          Map.entry("instance_label", "uint32"),
          Map.entry("keypoints_coco", "int32"),
          Map.entry("point", "int32"),
          Map.entry("polygon", "float32"),
          Map.entry("embedding", "float32"),
          Map.entry("text", "str"),
          Map.entry("json", "Any"),
          Map.entry("list", "List"),
          Map.entry("tag", "List"),
          Map.entry("audio", "float64"),
          Map.entry("video", "uint8"),
          Map.entry("point_cloud", "float32"));

  /** Htypes whose samples get a {@code _x_info} companion. */
  public static final Set<String> INFO_HTYPES =
      Set.of("image", "audio", "video", "dicom", "point_cloud", "mesh", "nifti", "segment_mask");

  /** Htypes without a {@code _x_shape} companion. */
  public static final Set<String> NO_SHAPE_HTYPES = Set.of("text", "json", "tag");

  /** Max chunk size of the hidden shape and info tensors: 4 MB. */
  public static final long SAMPLE_INFO_MAX_CHUNK_SIZE = 4_000_000L;

  private MetaTemplates() {}

  /** Default dtype of an htype, or null when Python infers it. */
  public static String defaultDtype(String htype) {
    return htype == null ? null : DEFAULT_DTYPE.get(htype);
  }

  /** Default sample compression of an htype (dicom: dcm), or null. */
  public static String defaultSampleCompression(String htype) {
    return "dicom".equals(htype) ? "dcm" : null;
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
    if (htype != null) {
      switch (htype) {
        case "image" -> {
          m.putNull("intrinsics");
          m.putArray("_info").add("intrinsics");
        }
        case "class_label" -> {
          m.putArray("class_names");
          m.putArray("_info").add("class_names");
          m.put("_disable_temp_transform", false);
        }
        case "segment_mask" -> {
          m.putArray("class_names");
          m.putArray("_info").add("class_names");
        }
        case "bbox", "bbox.3d" -> {
          m.putObject("coords");
          m.putArray("_info").add("coords");
        }
        case "keypoints_coco" -> {
          m.putArray("keypoints");
          m.putArray("connections");
          ArrayNode info = m.putArray("_info");
          info.add("keypoints").add("connections");
        }
        case "embedding", "text" -> m.putArray("vdb_indexes");
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
    String h = htype == null ? "generic" : htype;
    boolean linkVerified = !isLink || verify;
    if (createInfo && linkVerified && INFO_HTYPES.contains(h)) {
      String k = Layout.companion(prefix, base, "info");
      out.add(
          new Companion(
              "info",
              k,
              link("extend_info", true, "update_info"),
              hiddenMeta(k, "json", "Any", SAMPLE_INFO_MAX_CHUNK_SIZE)));
    }
    if (createShape && linkVerified && !NO_SHAPE_HTYPES.contains(h)) {
      String k = Layout.companion(prefix, base, "shape");
      boolean len = "list".equals(h);
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
    if ("json".equals(htype)) {
      m.remove("vdb_indexes");
    }
    return TensorMetaBuilder.wrap(m);
  }
}
