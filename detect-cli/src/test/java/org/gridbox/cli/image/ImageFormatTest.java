package org.gridbox.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

  private static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  @Test
  void sniffsTheCommonFormats() {
    assertThat(ImageFormat.sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0))).isEqualTo("JPEG");
    assertThat(ImageFormat.sniff(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0))).isEqualTo("PNG");
    assertThat(ImageFormat.sniff(bytes('B', 'M', 0, 0))).isEqualTo("BMP");
    assertThat(ImageFormat.sniff(bytes('I', 'I', 0x2A, 0))).isEqualTo("TIFF");
    assertThat(ImageFormat.sniff(bytes('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'E', 'B', 'P'))).isEqualTo("WebP");
    assertThat(ImageFormat.sniff(bytes('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'A', 'V', 'E'))).isNull();
    assertThat(ImageFormat.sniff("hello".getBytes(StandardCharsets.US_ASCII))).isNull();
    assertThat(ImageFormat.sniff(new byte[0])).isNull();
    assertThat(ImageFormat.sniff(bytes(0xFF, 0xD8))).isNull(); // too short to be sure
  }

  @Test
  void textIsRecognised() {
    assertThat(ImageFormat.looksLikeText("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(ImageFormat.looksLikeText(bytes('a', 0, 'b'))).isFalse();
    assertThat(ImageFormat.looksLikeText(new byte[0])).isFalse();
  }

  @Test
  void extensions() {
    assertThat(ImageFormat.extension("a.JPG")).isEqualTo("jpg");
    assertThat(ImageFormat.extension("archive.tar.gz")).isEqualTo("gz");
    assertThat(ImageFormat.extension("README")).isEmpty();
    assertThat(ImageFormat.extension("dot.")).isEmpty();
    assertThat(ImageFormat.hasImageExtension("x.webp")).isTrue();
    assertThat(ImageFormat.hasImageExtension("x.gif")).isFalse(); // OpenCV 4.9 has no GIF reader
  }
}
