package org.gridbox.io;

import org.gridbox.image.FloatImage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagesTest {

  private static byte[] png(BufferedImage im) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(im, "png", out)).isTrue();
    return out.toByteArray();
  }

  /** 3x2 RGB image with distinct pixels: value (x, y, c) = 10*x + 100*y + c. */
  private static BufferedImage rgb3x2() {
    BufferedImage im = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
    WritableRaster r = im.getRaster();
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        r.setPixel(x, y, new int[] {10 * x + 100 * y, 10 * x + 100 * y + 1, 10 * x + 100 * y + 2});
      }
    }
    return im;
  }

  @Test
  void rgbPngIsExactAndChannelsAreRedGreenBlue() throws IOException {
    FloatImage f = Images.read(png(rgb3x2()));
    assertThat(f.width()).isEqualTo(3);
    assertThat(f.height()).isEqualTo(2);
    assertThat(f.get(2, 1, 0)).isEqualTo(120f);
    assertThat(f.get(2, 1, 1)).isEqualTo(121f);
    assertThat(f.get(2, 1, 2)).isEqualTo(122f);
  }

  @Test
  void greyIsReplicatedAndSixteenBitsAreShifted() throws IOException {
    BufferedImage g8 = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    g8.getRaster().setPixel(1, 0, new int[] {77});
    FloatImage f = Images.read(png(g8));
    assertThat(new float[] {f.get(1, 0, 0), f.get(1, 0, 1), f.get(1, 0, 2)}).containsExactly(77, 77, 77);
    BufferedImage g16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    g16.getRaster().setPixel(1, 0, new int[] {0xABCD});
    FloatImage f16 = Images.read(png(g16));
    assertThat(f16.get(1, 0, 0)).isEqualTo(0xAB);
  }

  @Test
  void alphaIsDroppedNotComposited() throws IOException {
    BufferedImage a = new BufferedImage(1, 1, BufferedImage.TYPE_4BYTE_ABGR);
    a.getRaster().setPixel(0, 0, new int[] {200, 100, 50, 0});
    FloatImage f = Images.read(png(a));
    assertThat(f.rgb()).containsExactly(200, 100, 50);
  }

  @Test
  void paletteIsExpanded() throws IOException {
    BufferedImage p = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_INDEXED);
    p.setRGB(0, 0, 0xFF0000);
    assertThat(Images.read(png(p)).rgb()).containsExactly(255, 0, 0);
  }

  @Test
  void orientationsMoveThePixelsLikeOpenCvsExifTransform() {
    // stored 3x2: a b c / d e f (value = index)
    float[] src = new float[18];
    for (int i = 0; i < 6; i++) {
      Arrays.fill(src, 3 * i, 3 * i + 3, i);
    }
    FloatImage im = new FloatImage(3, 2, src);
    assertThat(red(Images.orient(im, 1))).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(red(Images.orient(im, 2))).containsExactly(2, 1, 0, 5, 4, 3);
    assertThat(red(Images.orient(im, 3))).containsExactly(5, 4, 3, 2, 1, 0);
    assertThat(red(Images.orient(im, 4))).containsExactly(3, 4, 5, 0, 1, 2);
    // 2x3 outputs, rows top to bottom
    assertThat(red(Images.orient(im, 5))).containsExactly(0, 3, 1, 4, 2, 5);
    assertThat(red(Images.orient(im, 6))).containsExactly(3, 0, 4, 1, 5, 2); // 90° clockwise
    assertThat(red(Images.orient(im, 7))).containsExactly(5, 2, 4, 1, 3, 0);
    assertThat(red(Images.orient(im, 8))).containsExactly(2, 5, 1, 4, 0, 3); // 90° counter-clockwise
    assertThat(Images.orient(im, 6).width()).isEqualTo(2);
  }

  private static float[] red(FloatImage im) {
    float[] r = new float[im.width() * im.height()];
    for (int i = 0; i < r.length; i++) {
      r[i] = im.rgb()[3 * i];
    }
    return r;
  }

  @Test
  void badInputGetsAReason() throws IOException {
    assertThatThrownBy(() -> Images.read(new byte[0])).isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> Images.read("hello, world".getBytes()))
        .isInstanceOf(ImageDecodeException.class).hasMessageContaining("not an image");
    ByteArrayOutputStream jpg = new ByteArrayOutputStream();
    ImageIO.write(rgb3x2(), "jpeg", jpg);
    byte[] cut = Arrays.copyOf(jpg.toByteArray(), jpg.size() - 40);
    assertThatThrownBy(() -> Images.read(cut)).isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("truncated JPEG");
    byte[] big = png(new BufferedImage(3000, 2000, BufferedImage.TYPE_BYTE_GRAY));
    assertThatThrownBy(() -> Images.read(big, 5_999_999)).isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("3000x2000");
    assertThat(Images.read(big, 6_000_000).width()).isEqualTo(3000);
  }
}
