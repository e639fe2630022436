package org.deeplake4j.engine.types;

import java.util.Locale;
import java.util.Set;

/**
 * The compression names of Deep Lake 3.x ({@code sample_compression}, {@code chunk_compression}).
 */
public final class Compression {
  /** Codecs that decode to pixels through an image library. */
  public static final Set<String> IMAGE =
      Set.of(
          "bmp",
          "dib",
          "eps",
          "fli",
          "gif",
          "ico",
          "im",
          "jpeg",
          "jpeg2000",
          "msp",
          "mpo",
          "pcx",
          "png",
          "ppm",
          "sgi",
          "tga",
          "tiff",
          "webp",
          "wmf",
          "xbm");

  /** Codecs whose blobs are kept as opaque files (decoding needs a media library). */
  public static final Set<String> MEDIA =
      Set.of(
          "mp4", "mkv", "avi", "mp3", "flac", "wav", "dcm", "nii", "nii.gz", "las", "ply", "stl");

  private Compression() {}

  /** Applies Python's aliases (jpg, tif, jp2) and lower-cases; null stays null. */
  public static String normalize(String name) {
    if (name == null) {
      return null;
    }
    String n = name.toLowerCase(Locale.ROOT);
    switch (n) {
      case "jpg":
        return "jpeg";
      case "tif":
        return "tiff";
      case "jp2":
        return "jpeg2000";
      default:
        return n;
    }
  }

  /** Whether {@code c} is the byte codec (lz4): it compresses bytes, not files. */
  public static boolean isByteCodec(String c) {
    return "lz4".equals(c);
  }

  /** Whether {@code c} (normalized) is an image codec. */
  public static boolean isImageCodec(String c) {
    return c != null && IMAGE.contains(c);
  }
}
