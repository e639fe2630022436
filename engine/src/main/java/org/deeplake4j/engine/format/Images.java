package org.deeplake4j.engine.format;

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
}
