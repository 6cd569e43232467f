package org.gridbox.cli.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.gridbox.cli.FuzzCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.Mat;

/** The header probe reads the size OpenCV's own encoders wrote, for every format it probes. */
class ImageHeaderTest {
  @BeforeAll
  static void opencv() {
    OpenCvImages.load();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpg", "png", "bmp", "ppm", "pam", "tif", "webp", "sr", "hdr"})
  void probeMatchesTheEncodedSize(String ext) throws Exception {
    byte[] b = new FuzzCorpus(11).image(ext, 37, 23);
    String format = ImageFormat.sniff(b);
    assertThat(format).as(ext).isNotNull();
    ImageHeader h = ImageHeader.probe(b, format);
    assertThat(h.width()).as(ext).isEqualTo(37);
    assertThat(h.height()).as(ext).isEqualTo(23);
    Mat m = OpenCvImages.decode(b, OpenCvImages.DEFAULT_MAX_PIXELS);
    assertThat(m.cols()).isEqualTo(37);
    m.release();
  }

  @Test
  void jpeg2000SizesComeFromTheSizMarkerOrTheIhdrBox() throws Exception {
    // codestream: SOC FF4F, SIZ FF51, Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz (ISO 15444-1 A.5.1)
    java.nio.ByteBuffer c = java.nio.ByteBuffer.allocate(48);
    c.putShort((short) 0xFF4F).putShort((short) 0xFF51).putShort((short) 41).putShort((short) 0)
        .putInt(110).putInt(60).putInt(10).putInt(10);
    assertThat(ImageFormat.sniff(c.array())).isEqualTo("JPEG 2000");
    assertThat(ImageHeader.probe(c.array(), "JPEG 2000")).isEqualTo(new ImageHeader("JPEG 2000", 100, 50));
    // JP2 file: signature box, then jp2h containing ihdr: HEIGHT, WIDTH (ISO 15444-1 I.5.3.1)
    java.nio.ByteBuffer f = java.nio.ByteBuffer.allocate(64);
    f.putInt(12).put("jP  ".getBytes(StandardCharsets.US_ASCII)).putInt(0x0D0A870A)
        .putInt(45).put("jp2h".getBytes(StandardCharsets.US_ASCII))
        .putInt(22).put("ihdr".getBytes(StandardCharsets.US_ASCII)).putInt(70).putInt(90);
    assertThat(ImageFormat.sniff(f.array())).isEqualTo("JPEG 2000");
    assertThat(ImageHeader.probe(f.array(), "JPEG 2000")).isEqualTo(new ImageHeader("JPEG 2000", 90, 70));
  }

  @Test
  void anEmbeddedThumbnailsEndMarkerIsNotTheEnd() throws Exception {
    byte[] jpg = new FuzzCorpus(12).image("jpg", 40, 30);
    byte[] thumb = new FuzzCorpus(13).image("jpg", 8, 8);
    // APP1 segment carrying a whole JPEG (its own FF D8 ... FF D9) right after SOI
    byte[] app1 = new byte[4 + thumb.length];
    app1[0] = (byte) 0xFF;
    app1[1] = (byte) 0xE1;
    app1[2] = (byte) ((thumb.length + 2) >> 8);
    app1[3] = (byte) (thumb.length + 2);
    System.arraycopy(thumb, 0, app1, 4, thumb.length);
    byte[] withThumb = new byte[jpg.length + app1.length];
    System.arraycopy(jpg, 0, withThumb, 0, 2);
    System.arraycopy(app1, 0, withThumb, 2, app1.length);
    System.arraycopy(jpg, 2, withThumb, 2 + app1.length, jpg.length - 2);
    assertThat(ImageHeader.probe(withThumb, "JPEG")).isEqualTo(new ImageHeader("JPEG", 40, 30));
    Mat m = OpenCvImages.decode(withThumb, OpenCvImages.DEFAULT_MAX_PIXELS);
    assertThat(m.rows()).isEqualTo(30);
    m.release();
  }

  @Test
  void bombsAreRefusedFromTheHeaderAlone() {
    byte[] jpg = FuzzCorpus.jpegWithSize(new FuzzCorpus(14).image("jpg", 16, 16), 30_000, 30_000);
    assertThatThrownBy(() -> OpenCvImages.decode(jpg, OpenCvImages.DEFAULT_MAX_PIXELS))
        .isInstanceOf(UnreadableImageException.class)
        .hasMessage("too many pixels: the JPEG header declares 30000x30000 = 900.0 MP, above the limit"
            + " of 89.5 MP (--max-pixels 89478485)")
        .extracting(e -> ((UnreadableImageException) e).kind()).isEqualTo(UnreadableImageException.Kind.TOO_LARGE);
    byte[] png = FuzzCorpus.pngWithSize(new FuzzCorpus(15).image("png", 16, 16), 0xFFFFFFFFL, 0xFFFFFFFFL);
    assertThatThrownBy(() -> OpenCvImages.decode(png, OpenCvImages.DEFAULT_MAX_PIXELS))
        .hasMessageStartingWith("too many pixels: the PNG header declares 4294967295x4294967295");
  }

  @Test
  void aHeaderDeclaringMorePixelsThanTheFileCanHoldIsCorrupt() {
    byte[] jpg = FuzzCorpus.jpegWithSize(new FuzzCorpus(17).image("jpg", 16, 16), 12_000, 12_000);
    // even with the highest --max-pixels: 144 MP cannot fit in a few hundred bytes of Huffman codes
    assertThatThrownBy(() -> OpenCvImages.decode(jpg, OpenCvImages.MAX_PIXELS_LIMIT))
        .hasMessage("corrupt JPEG header: it declares 12000x12000 pixels, more than a " + jpg.length
            + "-byte file can hold (" + 512L * jpg.length + ")");
    byte[] png = FuzzCorpus.pngWithSize(new FuzzCorpus(18).image("png", 16, 16), 20_000, 20_000);
    assertThatThrownBy(() -> OpenCvImages.decode(png, OpenCvImages.MAX_PIXELS_LIMIT))
        .hasMessageStartingWith("corrupt PNG header: it declares 20000x20000 pixels, more than a");
  }

  @Test
  void unsupportedIsNotCorrupt() {
    assertThatThrownBy(() -> OpenCvImages.decode(FuzzCorpus.gif(), OpenCvImages.DEFAULT_MAX_PIXELS))
        .extracting(e -> ((UnreadableImageException) e).kind()).isEqualTo(UnreadableImageException.Kind.UNSUPPORTED);
    assertThatThrownBy(() -> OpenCvImages.decode(FuzzCorpus.tiff(4, 4, 3), OpenCvImages.DEFAULT_MAX_PIXELS))
        .hasMessageContaining("floating-point TIFF images are not supported");
    assertThatThrownBy(() -> OpenCvImages.decode(new byte[] {(byte) 0xFF, (byte) 0xD8}, OpenCvImages.DEFAULT_MAX_PIXELS))
        .hasMessage("truncated JPEG (2 bytes: only the start-of-image marker)");
    assertThatThrownBy(() -> OpenCvImages.decode("P6\n# c\n".getBytes(StandardCharsets.US_ASCII), 100))
        .hasMessageStartingWith("truncated PNM header");
  }

  @Test
  void damagedJpegDataIsFoundByTheJdkDecodersWarnings() {
    byte[] jpg = new FuzzCorpus(16).image("jpg", 64, 48);
    assertThat(OpenCvImages.jpegDataProblem(jpg)).isNull();
    byte[] flipped = jpg.clone();
    int body = FuzzCorpus.jpegScanData(jpg);
    for (int i = body + 10; i < flipped.length - 2; i += 37) {
      flipped[i] = (byte) ((flipped[i] ^ 0x5A) == 0xFF ? 0x00 : flipped[i] ^ 0x5A);
    }
    assertThat(OpenCvImages.jpegDataProblem(flipped)).isNotNull();
  }
}
