package org.deeplake4j.engine.internal.format;

import java.util.Set;
import org.deeplake4j.engine.types.Compression;

/**
 * Compression names of Deep Lake 3.x and their classes: the engine's name for {@link Compression}.
 */
public final class Codecs {
  /** Codecs that decode to pixels through an image library. */
  public static final Set<String> IMAGE = Compression.IMAGE;

  /** Codecs whose blobs are kept as opaque files (decoding needs a media library). */
  public static final Set<String> MEDIA = Compression.MEDIA;

  private Codecs() {}

  /** Applies Python's aliases (jpg, tif, jp2) and lower-cases; null stays null. */
  public static String normalize(String name) {
    return Compression.normalize(name);
  }

  public static boolean isByteCodec(String c) {
    return Compression.isByteCodec(c);
  }

  public static boolean isImageCodec(String c) {
    return Compression.isImageCodec(c);
  }
}
