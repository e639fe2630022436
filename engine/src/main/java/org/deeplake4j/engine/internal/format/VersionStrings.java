package org.deeplake4j.engine.internal.format;

import java.nio.charset.StandardCharsets;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.errors.UnsupportedFormatException;

/** Deep Lake version strings: dotted non-negative integers (Python parses each part with int()). */
public final class VersionStrings {
  /** The version this engine writes: the newest 3.x release, whose format it implements. */
  public static final String WRITTEN = "3.9.52";

  private VersionStrings() {}

  /** Throws unless {@code v} is dotted integers. */
  public static void require(String v, String key) {
    byte[] b = v.getBytes(StandardCharsets.UTF_8);
    require(b, 0, b.length, key);
  }

  /**
   * Returns the version string stored in {@code b[off, off + len)}; throws unless it is dotted
   * integers (quoting a bad one with {@link Quote}).
   */
  public static String require(byte[] b, int off, int len, String key) {
    if (len == 0) {
      throw new CorruptDataException(key, "empty version string");
    }
    int digits = 0;
    for (int i = off; i <= off + len; i++) {
      int c = i < off + len ? b[i] : '.';
      if (c == '.' && digits > 0) {
        digits = 0;
      } else if (c >= '0' && c <= '9' && digits < 9) {
        digits++;
      } else {
        throw new CorruptDataException(
            key, "version string " + Quote.bytes(b, off, len) + " is not dotted integers");
      }
    }
    return new String(b, off, len, StandardCharsets.US_ASCII);
  }

  /** Compares two dotted-integer versions. */
  public static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length ? Integer.parseInt(x[i]) : 0;
      int q = i < y.length ? Integer.parseInt(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  /**
   * Refuses metadata written by a format generation this engine does not read (4.x and later).
   * Files written by late 2.x releases are read as Python 3.x reads them (fast-forwarded).
   */
  public static void requireV3(String v, String key) {
    require(v, key);
    int major = Integer.parseInt(v.split("\\.")[0]);
    if (major > 3) {
      throw new UnsupportedFormatException(
          key
              + ": written by deeplake "
              + v
              + "; this engine reads the Deep Lake 3.x format only (4.x uses a different format)");
    }
  }
}
