package org.deeplake4j.engine.internal.format;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.deeplake4j.engine.types.Htype;

/**
 * String-keyed views of the {@link Htype} registry (kept for tests that hold htypes as strings),
 * and the dtype rule of json/list tensors ({@link #isObjectDtype}). Every set and predicate here is
 * derived from {@link Htype}; engine code asks {@link Htype} directly.
 */
public final class Htypes {
  /** Every base htype Deep Lake 3.9 defines. */
  public static final Set<String> KNOWN = names(h -> true);

  /** Htypes whose samples are image files (Pillow codecs). */
  public static final Set<String> IMAGES = names(Htype::isImage);

  /** Media htypes whose samples are opaque files exposed as bytes plus their stored shape. */
  public static final Set<String> MEDIA = names(Htype::isMedia);

  private Htypes() {}

  private static Set<String> names(Predicate<Htype> p) {
    Set<String> out = new LinkedHashSet<>();
    for (Htype h : Htype.values()) {
      if (p.test(h)) {
        out.add(h.pythonName());
      }
    }
    return Collections.unmodifiableSet(out);
  }

  public static boolean isKnown(String htype) {
    return Htype.isKnown(htype);
  }

  /** text, json, list, tag: samples are decoded as a whole from their byte range. */
  public static boolean isTextLike(String htype) {
    return Htype.find(htype).map(Htype::isTextLike).orElse(false);
  }

  /** list and tag: a JSON array per sample. */
  public static boolean isListLike(String htype) {
    return Htype.find(htype).map(Htype::isListLike).orElse(false);
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
