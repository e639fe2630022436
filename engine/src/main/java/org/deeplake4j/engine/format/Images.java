package org.deeplake4j.engine.format;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.deeplake4j.engine.CorruptDataException;
import org.deeplake4j.engine.NdArray;
import org.deeplake4j.engine.UnsupportedFormatException;

/**
 * Decodes image files (PNG exactly, JPEG within decoder rounding, plus whatever else ImageIO reads)
 * into pixel arrays shaped as numpy shapes Pillow images: {@code (H, W)} for one band, {@code (H,
 * W, C)} otherwise. Raster samples are taken as stored (palette PNGs give indices, as Pillow's 'P'
 * mode does); 16-bit images give uint16. Thread-safe.
 */
public final class Images {
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
    int[] px = r.getPixels(0, 0, w, h, (int[]) null);
    int type = r.getDataBuffer().getDataType();
    long[] shape = c == 1 ? new long[] {h, w} : new long[] {h, w, c};
    if (type == DataBuffer.TYPE_BYTE) {
      byte[] out = new byte[px.length];
      for (int i = 0; i < px.length; i++) {
        out[i] = (byte) px[i];
      }
      return NdArray.of(Dtype.UINT8, shape, out);
    }
    byte[] out = new byte[px.length * 2];
    for (int i = 0; i < px.length; i++) {
      out[2 * i] = (byte) px[i];
      out[2 * i + 1] = (byte) (px[i] >>> 8);
    }
    return NdArray.of(Dtype.UINT16, shape, out);
  }
}
