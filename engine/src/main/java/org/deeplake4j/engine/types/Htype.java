package org.deeplake4j.engine.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.deeplake4j.engine.errors.UnknownHtypeException;

/**
 * The htypes of Deep Lake 3.x ({@code deeplake/htype.py}): the one registry of what a base htype
 * means to readers, TQL, the CLI and adapters. Code asks an {@code Htype} ({@link #kind()}, {@link
 * #valueKind()}, {@link #isImage()}, ...) instead of comparing htype strings.
 *
 * <p>A base htype only: the {@code sequence[...]} and {@code link[...]} wrappers are properties of
 * the tensor (see {@link TensorMetadata#isSequence()}, {@link TensorMetadata#isLink()}). A tensor
 * whose stored htype is unset reads as {@link #GENERIC}.
 *
 * <p>A new htype goes here (its kind decides how it is read and adapted); the metadata Python
 * writes for it (default dtype, extra meta keys, companion tensors) goes in the engine's internal
 * meta templates.
 */
public enum Htype {
  GENERIC("generic", Kind.NUMERIC),
  IMAGE("image", Kind.IMAGE),
  IMAGE_RGB("image.rgb", Kind.IMAGE),
  IMAGE_GRAY("image.gray", Kind.IMAGE),
  CLASS_LABEL("class_label", Kind.CLASS_LABEL),
  BBOX("bbox", Kind.NUMERIC),
  BBOX_3D("bbox.3d", Kind.NUMERIC),
  INTRINSICS("intrinsics", Kind.NUMERIC),
  SEGMENT_MASK("segment_mask", Kind.NUMERIC),
  BINARY_MASK("binary_mask", Kind.NUMERIC),
  INSTANCE_LABEL("instance_label", Kind.NUMERIC),
  KEYPOINTS_COCO("keypoints_coco", Kind.NUMERIC),
  POINT("point", Kind.NUMERIC),
  POLYGON("polygon", Kind.POLYGON),
  EMBEDDING("embedding", Kind.NUMERIC),
  TEXT("text", Kind.TEXT),
  JSON("json", Kind.JSON),
  LIST("list", Kind.LIST),
  TAG("tag", Kind.LIST),
  AUDIO("audio", Kind.MEDIA),
  VIDEO("video", Kind.MEDIA),
  DICOM("dicom", Kind.MEDIA),
  NIFTI("nifti", Kind.MEDIA),
  POINT_CLOUD("point_cloud", Kind.MEDIA),
  MESH("mesh", Kind.MEDIA);

  /** What kind of samples an htype holds; decides how they are read and adapted. */
  public enum Kind {
    /** Numeric arrays (generic, bbox, embedding, masks, ...). */
    NUMERIC,
    /** Numeric class indices, with class names in the tensor's meta. */
    CLASS_LABEL,
    /** Lists of polygons, each an array of points (stored with point counts). */
    POLYGON,
    /** A UTF-8 string per sample. */
    TEXT,
    /** A JSON value per sample (numpy arrays inside encoded as tagged objects). */
    JSON,
    /** A JSON array per sample (list, tag). */
    LIST,
    /** Image files (Pillow codecs), read as pixel arrays. */
    IMAGE,
    /** Opaque media files (audio, video, dicom, ...), exposed as bytes plus their stored shape. */
    MEDIA
  }

  /** The value a reader returns for one item of the htype. */
  public enum ValueKind {
    /** An {@link NdArray} ({@code numpy}/{@code itemNumpy}). */
    NDARRAY,
    /** A list of {@link NdArray}s, one per polygon ({@code itemPolygons}). */
    POLYGONS,
    /** A string ({@code text}/{@code itemText}). */
    TEXT,
    /** A JSON value ({@code json}/{@code itemJson}). */
    JSON
  }

  /** What an empty sample (nothing stored for the item) reads as. */
  public enum EmptySample {
    /** An array with a zero dimension (a null in adapters). */
    EMPTY_ARRAY,
    /** The empty string. */
    EMPTY_STRING,
    /** The empty JSON object {@code {}}. */
    EMPTY_OBJECT,
    /** The empty JSON array {@code []}. */
    EMPTY_LIST
  }

  /** How an adapter (Spark, Arrow, records) naturally represents a sample of the htype. */
  public enum AdapterHint {
    /** A (nested) numeric array, or a scalar when every sample holds one element. */
    NESTED_NUMERIC,
    /** Class indices, or their names from the tensor's class names. */
    CLASS_INDEX,
    /** A list of polygons: a 3-level nested numeric array. */
    POLYGONS,
    /** A string. */
    STRING,
    /** A JSON document (a string, or a semi-structured value). */
    JSON_DOCUMENT,
    /** A list of strings (each element as text, or as its JSON when not a string). */
    STRING_LIST,
    /** The bytes of a binary file (an image or media file), plus the stored shape. */
    FILE_BYTES
  }

  private static final Map<String, Htype> BY_NAME;

  static {
    Map<String, Htype> m = new LinkedHashMap<>();
    for (Htype h : values()) {
      m.put(h.pythonName, h);
    }
    BY_NAME = Collections.unmodifiableMap(m);
  }

  private final String pythonName;
  private final Kind kind;

  Htype(String pythonName, Kind kind) {
    this.pythonName = pythonName;
    this.kind = kind;
  }

  /**
   * The htype named {@code name} as Python writes it ({@code image.rgb}, {@code class_label}, ...).
   *
   * @throws UnknownHtypeException when Deep Lake 3.x defines no such htype
   * @throws NullPointerException when {@code name} is null
   */
  public static Htype of(String name) {
    Htype h = BY_NAME.get(java.util.Objects.requireNonNull(name, "htype name"));
    if (h == null) {
      throw new UnknownHtypeException(name, String.join(", ", BY_NAME.keySet()));
    }
    return h;
  }

  /** The htype named {@code name}, or empty when unknown (or null). */
  public static Optional<Htype> find(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name));
  }

  /** Whether {@code name} is an htype Deep Lake 3.x defines. */
  public static boolean isKnown(String name) {
    return name != null && BY_NAME.containsKey(name);
  }

  /** The stored htype: {@code name}'s htype, or {@link #GENERIC} when it is null (unset). */
  public static Htype ofStored(String name) {
    return name == null ? GENERIC : of(name);
  }

  /** The name Python writes in {@code tensor_meta.json}, e.g. {@code image.rgb}. */
  public String pythonName() {
    return pythonName;
  }

  public Kind kind() {
    return kind;
  }

  /** The value a reader returns for one item. */
  public ValueKind valueKind() {
    return switch (kind) {
      case TEXT -> ValueKind.TEXT;
      case JSON, LIST -> ValueKind.JSON;
      case POLYGON -> ValueKind.POLYGONS;
      case NUMERIC, CLASS_LABEL, IMAGE, MEDIA -> ValueKind.NDARRAY;
    };
  }

  /** What an empty sample reads as. */
  public EmptySample emptySample() {
    return switch (kind) {
      case TEXT -> EmptySample.EMPTY_STRING;
      case JSON -> EmptySample.EMPTY_OBJECT;
      case LIST -> EmptySample.EMPTY_LIST;
      case NUMERIC, CLASS_LABEL, POLYGON, IMAGE, MEDIA -> EmptySample.EMPTY_ARRAY;
    };
  }

  /** How an adapter naturally represents a sample. */
  public AdapterHint adapterHint() {
    return switch (kind) {
      case NUMERIC -> AdapterHint.NESTED_NUMERIC;
      case CLASS_LABEL -> AdapterHint.CLASS_INDEX;
      case POLYGON -> AdapterHint.POLYGONS;
      case TEXT -> AdapterHint.STRING;
      case JSON -> AdapterHint.JSON_DOCUMENT;
      case LIST -> AdapterHint.STRING_LIST;
      case IMAGE, MEDIA -> AdapterHint.FILE_BYTES;
    };
  }

  /** image, image.rgb, image.gray: samples are image files (Pillow codecs). */
  public boolean isImage() {
    return kind == Kind.IMAGE;
  }

  /** audio, video, dicom, nifti, point_cloud, mesh: opaque files exposed as bytes. */
  public boolean isMedia() {
    return kind == Kind.MEDIA;
  }

  /** Image or media: samples are binary files. */
  public boolean isFile() {
    return kind == Kind.IMAGE || kind == Kind.MEDIA;
  }

  /** text, json, list, tag: samples are decoded as a whole from their byte range. */
  public boolean isTextLike() {
    return kind == Kind.TEXT || kind == Kind.JSON || kind == Kind.LIST;
  }

  /** list and tag: a JSON array per sample. */
  public boolean isListLike() {
    return kind == Kind.LIST;
  }

  /** json, list and tag: a JSON value per sample. */
  public boolean isJsonLike() {
    return kind == Kind.JSON || kind == Kind.LIST;
  }

  /** The name Python writes, e.g. {@code image.rgb}. */
  @Override
  public String toString() {
    return pythonName;
  }
}
