package org.deeplake4j.engine.internal.format;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.deeplake4j.engine.errors.CorruptDataException;

/**
 * Deep Lake's lz4: a 4-byte little-endian uncompressed length, then one raw LZ4 block (python-lz4
 * {@code block.compress} defaults). Also reads LZ4 frames and the empty forms. Uses the native
 * (JNI) lz4-java instance when it loads, and only {@code safeDecompressor()}. Thread-safe.
 */
public final class Lz4 {
  private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
  private static final LZ4SafeDecompressor DECOMPRESSOR = FACTORY.safeDecompressor();
  private static final LZ4Compressor COMPRESSOR = FACTORY.fastCompressor();

  /** LZ4 cannot expand more than ~255x; a larger declared size is a lie. */
  private static final long MAX_RATIO = 255;

  private Lz4() {}

  /** Decompresses {@code src[off, off+len)} read from {@code key}. */
  public static byte[] decompress(byte[] src, int off, int len, String key) {
    if (len == 0 || (len == 5 && isZeros(src, off, 5))) {
      return new byte[0];
    }
    if (len >= 4
        && src[off] == 0x04
        && src[off + 1] == 0x22
        && src[off + 2] == 0x4d
        && src[off + 3] == 0x18) {
      return decompressFrame(src, off, len, key);
    }
    if (len < 4) {
      throw new CorruptDataException(key, "lz4 block of " + len + " bytes has no length prefix");
    }
    long size = Integer.toUnsignedLong(Bits.getIntLE(src, off));
    if (size > MAX_RATIO * (len - 4) + 16 || size > Integer.MAX_VALUE - 16) {
      throw new CorruptDataException(
          key, "lz4 block declares " + size + " bytes from " + (len - 4) + " compressed bytes");
    }
    long decodes = decodedSize(src, off + 4, len - 4);
    if (decodes != size) {
      throw new CorruptDataException(
          key,
          "lz4 block declares "
              + size
              + " bytes but its sequences decode to "
              + (decodes < 0 ? "nothing valid" : Long.toString(decodes)));
    }
    byte[] out = new byte[(int) size];
    try {
      int n = DECOMPRESSOR.decompress(src, off + 4, len - 4, out, 0, out.length);
      if (n != out.length) {
        throw new CorruptDataException(
            key, "lz4 block decompressed to " + n + " bytes, header says " + size);
      }
    } catch (LZ4Exception e) {
      throw new CorruptDataException(key, "corrupt lz4 block: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * The number of bytes the raw LZ4 block {@code src[off, off+len)} decodes to, found by walking
   * its sequences without writing anything (so a length header that lies is caught before the
   * output is allocated); -1 if the sequences run past the block or a match reaches before its
   * start.
   */
  static long decodedSize(byte[] src, int off, int len) {
    int pos = off;
    int end = off + len;
    long total = 0;
    while (pos < end) {
      int token = src[pos++] & 0xFF;
      long literals = token >>> 4;
      if (literals == 15) {
        int b;
        do {
          if (pos >= end) {
            return -1;
          }
          b = src[pos++] & 0xFF;
          literals += b;
        } while (b == 255);
      }
      if (literals > end - pos) {
        return -1;
      }
      pos += (int) literals;
      total += literals;
      if (pos == end) {
        break; // the last sequence has literals only
      }
      if (end - pos < 2) {
        return -1;
      }
      int offset = (src[pos] & 0xFF) | (src[pos + 1] & 0xFF) << 8;
      pos += 2;
      if (offset == 0 || offset > total) {
        return -1;
      }
      long match = token & 15;
      if (match == 15) {
        int b;
        do {
          if (pos >= end) {
            return -1;
          }
          b = src[pos++] & 0xFF;
          match += b;
        } while (b == 255);
      }
      total += match + 4;
    }
    return total;
  }

  /**
   * The uncompressed size declared by a size-prefixed block {@code src[off, off+len)}, or -1 when
   * the bytes are one of the other forms ({@link #decompress} handles those). Throws {@link
   * CorruptDataException} for a size no LZ4 block of that length can produce.
   */
  public static int blockSize(byte[] src, int off, int len, String key) {
    if (len < 4 || (len == 5 && isZeros(src, off, 5))) {
      return -1;
    }
    if (src[off] == 0x04 && src[off + 1] == 0x22 && src[off + 2] == 0x4d && src[off + 3] == 0x18) {
      return -1;
    }
    long size = Integer.toUnsignedLong(Bits.getIntLE(src, off));
    if (size > MAX_RATIO * (len - 4) + 16 || size > Integer.MAX_VALUE - 16) {
      throw new CorruptDataException(
          key, "lz4 block declares " + size + " bytes from " + (len - 4) + " compressed bytes");
    }
    long decodes = decodedSize(src, off + 4, len - 4);
    if (decodes != size) {
      throw new CorruptDataException(
          key, "lz4 block declares " + size + " bytes but its sequences decode to " + decodes);
    }
    return (int) size;
  }

  /**
   * Decompresses the size-prefixed block {@code src[off, off+len)} of declared size {@code size}
   * (see {@link #blockSize}) into {@code dst[dstOff, dstOff+size)}, with no intermediate buffer.
   */
  public static void decompressBlock(
      byte[] src, int off, int len, int size, byte[] dst, int dstOff, String key) {
    int n;
    try {
      n = DECOMPRESSOR.decompress(src, off + 4, len - 4, dst, dstOff, size);
    } catch (LZ4Exception e) {
      throw new CorruptDataException(key, "corrupt lz4 block: " + e.getMessage(), e);
    }
    checkSize(n, size, key);
  }

  /**
   * Decompresses the size-prefixed block {@code src[off, off+len)} of declared size {@code size}
   * straight into {@code dst} at its position (heap or direct; the native decompressor writes into
   * direct memory itself), advancing the position by {@code size}.
   */
  public static void decompressBlock(
      byte[] src, int off, int len, int size, ByteBuffer dst, String key) {
    if (dst.remaining() < size) {
      throw new java.nio.BufferOverflowException();
    }
    int n;
    try {
      n =
          DECOMPRESSOR.decompress(
              ByteBuffer.wrap(src), off + 4, len - 4, dst, dst.position(), size);
    } catch (LZ4Exception e) {
      throw new CorruptDataException(key, "corrupt lz4 block: " + e.getMessage(), e);
    }
    checkSize(n, size, key);
    dst.position(dst.position() + size);
  }

  private static void checkSize(int n, int size, String key) {
    if (n != size) {
      throw new CorruptDataException(
          key, "lz4 block decompressed to " + n + " bytes, header says " + size);
    }
  }

  private static boolean isZeros(byte[] b, int off, int len) {
    for (int i = 0; i < len; i++) {
      if (b[off + i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] decompressFrame(byte[] src, int off, int len, String key) {
    try (LZ4FrameInputStream in =
        new LZ4FrameInputStream(new ByteArrayInputStream(src, off, len))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(len * 2);
      byte[] tmp = new byte[1 << 16];
      long total = 0;
      int n;
      while ((n = in.read(tmp)) > 0) {
        total += n;
        if (total > MAX_RATIO * len + 16) {
          throw new CorruptDataException(key, "lz4 frame expands beyond " + MAX_RATIO + "x");
        }
        out.write(tmp, 0, n);
      }
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      if (e instanceof CorruptDataException c) {
        throw c;
      }
      throw new CorruptDataException(key, "corrupt lz4 frame: " + e.getMessage(), e);
    }
  }

  /** Compresses as Deep Lake does: 4-byte LE length + raw block; empty input gives empty output. */
  public static byte[] compress(byte[] src, int off, int len) {
    if (len == 0) {
      return new byte[0];
    }
    int max = COMPRESSOR.maxCompressedLength(len);
    byte[] out = new byte[4 + max];
    Bits.putIntLE(out, 0, len);
    int n = COMPRESSOR.compress(src, off, len, out, 4, max);
    return java.util.Arrays.copyOf(out, 4 + n);
  }
}
