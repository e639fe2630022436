package org.deeplake4j.engine.internal.format;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * How error messages quote data read from storage: never raw (corrupt bytes can be hundreds of
 * bytes long, hold newlines and control characters, and would spread one error over many lines).
 * Short printable ASCII is quoted as text ({@code '3.9.52-java'}); anything else as a hex prefix
 * and its length ({@code 0x0a8182... (255 bytes)}).
 */
public final class Quote {
  /** Longest text quoted as is. */
  static final int MAX_TEXT = 32;

  /** Bytes shown in a hex prefix. */
  static final int MAX_HEX = 16;

  private Quote() {}

  /** {@code b[off, off + len)} as a message quotes it. */
  public static String bytes(byte[] b, int off, int len) {
    boolean printable = len <= MAX_TEXT;
    for (int i = 0; printable && i < len; i++) {
      printable = b[off + i] >= 0x20 && b[off + i] < 0x7f;
    }
    if (printable) {
      return "'" + new String(b, off, len, StandardCharsets.US_ASCII) + "'";
    }
    int n = Math.min(len, MAX_HEX);
    return "0x"
        + HexFormat.of().formatHex(b, off, off + n)
        + (n < len ? "..." : "")
        + " ("
        + len
        + " bytes)";
  }

  /** Text decoded from storage, as a message quotes it (a hex prefix of its UTF-8 bytes). */
  public static String text(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return bytes(b, 0, b.length);
  }
}
