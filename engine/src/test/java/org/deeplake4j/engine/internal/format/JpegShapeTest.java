package org.deeplake4j.engine.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.Test;

/**
 * {@link Images#jpegShape} reads the shape a decode gives from the frame header alone (the write
 * path stores a JPEG file sample without decoding it), and says "don't know" for anything else.
 */
class JpegShapeTest {
  private static byte[] jpeg(int w, int h, int type) throws Exception {
    BufferedImage img = new BufferedImage(w, h, type);
    Random r = new Random(w * 31L + h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, r.nextInt());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(img, "jpeg", out)).isTrue();
    return out.toByteArray();
  }

  @Test
  void headerShapeEqualsDecodedShape() throws Exception {
    for (int[] wh : new int[][] {{1, 1}, {17, 5}, {640, 480}, {3, 1000}}) {
      for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_GRAY}) {
        byte[] b = jpeg(wh[0], wh[1], type);
        NdArray px = Images.decode(b, 0, b.length, "jpeg", "t");
        long[] s =
            px.shape().length == 2 ? new long[] {px.shape()[0], px.shape()[1], 1} : px.shape();
        assertThat(Images.jpegShape(b))
            .as("%s type %d", Arrays.toString(wh), type)
            .containsExactly(s);
      }
    }
  }

  @Test
  void notAJpegOrTruncatedIsUnknown() throws Exception {
    byte[] b = jpeg(8, 8, BufferedImage.TYPE_INT_RGB);
    assertThat(Images.jpegShape(new byte[0])).isNull();
    assertThat(Images.jpegShape(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isNull();
    assertThat(Images.jpegShape(Arrays.copyOf(b, 10))).isNull();
    byte[] garbage = b.clone();
    garbage[2] = 0x00; // not a marker where one must be
    assertThat(Images.jpegShape(garbage)).isNull();
  }
}
