package org.deeplake4j.engine.internal.format;

import java.util.Set;

/** The htypes of Deep Lake 3.x (deeplake/htype.py) and their reading rules. */
public final class Htypes {
  /** Every base htype Deep Lake 3.9 defines. */
  public static final Set<String> KNOWN =
      Set.of(
          "generic",
          "image",
          "image.rgb",
          "image.gray",
          "class_label",
          "bbox",
          "bbox.3d",
          "intrinsics",
          "segment_mask",
          "binary_mask",
          "instance_label",
          "keypoints_coco",
          "point",
          "polygon",
          "embedding",
          "text",
          "json",
          "list",
          "tag",
          "audio",
          "video",
          "dicom",
          "nifti",
          "point_cloud",
          "mesh");

  /** Htypes whose samples are image files (Pillow codecs). */
  public static final Set<String> IMAGES = Set.of("image", "image.rgb", "image.gray");

  /** Media htypes whose samples are opaque files exposed as bytes plus their stored shape. */
  public static final Set<String> MEDIA =
      Set.of("audio", "video", "dicom", "nifti", "point_cloud", "mesh");

  private Htypes() {}

  public static boolean isKnown(String htype) {
    return KNOWN.contains(htype);
  }

  /** text, json, list, tag: samples are decoded as a whole from their byte range. */
  public static boolean isTextLike(String htype) {
    return "text".equals(htype) || "json".equals(htype) || isListLike(htype);
  }

  /** list and tag: a JSON array per sample. */
  public static boolean isListLike(String htype) {
    return "list".equals(htype) || "tag".equals(htype);
  }

  /** Whether a dtype string is a json/list typing schema (Any, List[...], Dict[...], ...). */
  public static boolean isObjectDtype(String dtype) {
    if (dtype.equals("str")) {
      return true;
    }
    for (String p : new String[] {"Any", "List", "Dict", "Optional", "Union", "Tuple"}) {
      if (dtype.startsWith(p)) {
        return true;
      }
    }
    return Set.of("int", "float", "bool", "list", "dict", "ndarray", "Sample").contains(dtype);
  }
}
