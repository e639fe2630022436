package org.deeplake4j.engine.internal.format;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.errors.UnsupportedFormatException;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * Decodes image files (PNG exactly, JPEG within decoder rounding, plus whatever else ImageIO reads)
 * into pixel arrays shaped as numpy shapes Pillow images: {@code (H, W)} for one band, {@code (H,
 * W, C)} otherwise. Raster samples are taken as stored (palette PNGs give indices, as Pillow's 'P'
 * mode does); 16-bit images give uint16. Thread-safe.
 */
public final class Images {
  /** Largest decoded raster accepted (1 GiB): a bigger header is taken as corrupt. */
  static final long MAX_DECODED_BYTES = 1L << 30;

  private Images() {}

  /** Decodes {@code blob[off, off+len)} read from {@code key}. */
  public static NdArray decode(byte[] blob, int off, int len, String codec, String key) {
    BufferedImage img;
    try (ImageInputStream in =
        ImageIO.createImageInputStream(new ByteArrayInputStream(blob, off, len))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new UnsupportedFormatException(
            key + ": no image decoder for this " + codec + " blob (" + len + " bytes)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w * h > 1L << 28) {
          throw new CorruptDataException(
              key, codec + " image declares " + w + "x" + h + " pixels (more than 2^28)");
        }
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (types.hasNext()) {
          SampleModel sm = types.next().getSampleModel(1, 1);
          long bytes = w * h * sm.getNumBands() * ((sm.getSampleSize(0) + 7) / 8);
          if (bytes > MAX_DECODED_BYTES) {
            throw new CorruptDataException(
                key,
                codec
                    + " image declares "
                    + w
                    + "x"
                    + h
                    + " pixels of "
                    + sm.getNumBands()
                    + " x "
                    + sm.getSampleSize(0)
                    + " bits: more than 1 GiB");
          }
        }
        img = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof CorruptDataException || e instanceof UnsupportedFormatException) {
        throw (RuntimeException) e;
      }
      throw new CorruptDataException(key, "cannot decode " + codec + " image: " + e, e);
    }
    Raster r = img.getRaster();
    int w = r.getWidth();
    int h = r.getHeight();
    int c = r.getNumBands();
    long[] shape = c == 1 ? new long[] {h, w} : new long[] {h, w, c};
    boolean bytes = r.getDataBuffer().getDataType() == DataBuffer.TYPE_BYTE;
    // row by row: a whole-image int[] would take 4 bytes per sample on top of the raster
    int rowLen = w * c;
    int[] row = new int[rowLen];
    byte[] out = new byte[rowLen * h * (bytes ? 1 : 2)];
    int o = 0;
    for (int y = 0; y < h; y++) {
      r.getPixels(0, y, w, 1, row);
      for (int v : row) {
        out[o++] = (byte) v;
        if (!bytes) {
          out[o++] = (byte) (v >>> 8);
        }
      }
    }
    return NdArray.of(bytes ? Dtype.UINT8 : Dtype.UINT16, shape, out);
  }

  /**
   * Encodes uint8 pixels of shape {@code (H, W)}, {@code (H, W, 1)}, {@code (H, W, 3)} or {@code
   * (H, W, 4)} as a complete {@code codec} file (png or jpeg), as Pillow's {@code
   * Image.fromarray(arr).save(fmt)} would (grayscale is stored as a 2-D image).
   */
  public static byte[] encode(NdArray px, String codec, String where) {
    long[] s = px.shape();
    if (px.dtype() != Dtype.UINT8 || s.length < 2 || s.length > 3) {
      throw new org.deeplake4j.engine.errors.DeepLakeException(
          where
              + ": only uint8 arrays of shape (H, W[, C]) can be encoded as "
              + codec
              + ", got "
              + px.dtype().numpyName()
              + java.util.Arrays.toString(s));
    }
    int h = (int) s[0];
    int w = (int) s[1];
    int c = s.length == 3 ? (int) s[2] : 1;
    int type =
        switch (c) {
          case 1 -> BufferedImage.TYPE_BYTE_GRAY;
          case 3 -> BufferedImage.TYPE_3BYTE_BGR;
          case 4 -> BufferedImage.TYPE_4BYTE_ABGR;
          default -> -1;
        };
    if (type < 0 || ("jpeg".equals(codec) && c == 4)) {
      throw new org.deeplake4j.engine.errors.DeepLakeException(
          where + ": cannot encode " + c + "-channel images as " + codec);
    }
    BufferedImage img = new BufferedImage(w, h, type);
    byte[] b = px.toBytes();
    int[] pix = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      pix[i] = b[i] & 0xFF;
    }
    img.getRaster().setPixels(0, 0, w, h, pix);
    String format = "jpeg".equals(codec) ? "jpeg" : codec;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new org.deeplake4j.engine.errors.UnsupportedFormatException(
            where + ": no image encoder for " + codec);
      }
    } catch (IOException e) {
      throw new org.deeplake4j.engine.errors.DeepLakeException(
          where + ": cannot encode " + codec + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /**
   * The numpy shape Pillow gives an 8-bit PNG, read from its IHDR header without decoding: {@code
   * (H, W, C)} with C = 1 (gray, stored as Deep Lake does), 2, 3 or 4; null for anything else
   * (palette, 16-bit, not a PNG), which callers decode instead.
   */
  public static long[] pngShape(byte[] b) {
    if (b.length < 33
        || (b[0] & 0xFF) != 0x89
        || b[1] != 'P'
        || b[2] != 'N'
        || b[3] != 'G'
        || b[12] != 'I'
        || b[13] != 'H'
        || b[14] != 'D'
        || b[15] != 'R') {
      return null;
    }
    long w = Integer.toUnsignedLong(Bits.getIntBE(b, 16));
    long h = Integer.toUnsignedLong(Bits.getIntBE(b, 20));
    int depth = b[24] & 0xFF;
    int colorType = b[25] & 0xFF;
    int channels =
        switch (colorType) {
          case 0 -> 1;
          case 2 -> 3;
          case 4 -> 2;
          case 6 -> 4;
          default -> -1;
        };
    if (depth != 8 || channels < 0 || w == 0 || h == 0) {
      return null;
    }
    return new long[] {h, w, channels};
  }

  /**
   * A JPEG's sample shape {h, w, c} from its frame header (SOF0-SOF2 marker: 8-bit precision, 1 or
   * 3 components), without decoding; null when the header cannot say (other precisions or component
   * counts, truncated or malformed markers), and the caller decodes.
   */
  public static long[] jpegShape(byte[] b) {
    if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
      return null;
    }
    int i = 2;
    while (i + 4 <= b.length) {
      if ((b[i] & 0xFF) != 0xFF) {
        return null;
      }
      int marker = b[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++; // fill byte
        continue;
      }
      if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
        i += 2; // no length
        continue;
      }
      int len = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
      if (len < 2 || i + 2 + len > b.length) {
        return null;
      }
      if (marker == 0xC0 || marker == 0xC1 || marker == 0xC2) {
        if (len < 8) {
          return null;
        }
        int precision = b[i + 4] & 0xFF;
        long h = ((b[i + 5] & 0xFF) << 8) | (b[i + 6] & 0xFF);
        long w = ((b[i + 7] & 0xFF) << 8) | (b[i + 8] & 0xFF);
        int c = b[i + 9] & 0xFF;
        if (precision != 8 || h == 0 || w == 0 || (c != 1 && c != 3)) {
          return null;
        }
        return new long[] {h, w, c};
      }
      if (marker == 0xDA || marker == 0xD9) {
        return null; // image data before any frame header
      }
      i += 2 + len;
    }
    return null;
  }
}
