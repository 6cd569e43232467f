package org.gridbox.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;

/**
 * Reads the NanoDet / CenterNet fixtures of {@code testdata/reference/objdet/} (made by its
 * {@code generate.js} with tfjs 4.22.0 on the cpu backend; see {@code testdata/README.md}).
 */
final class ObjdetReference {
  static final Path ROOT = Path.of(System.getProperty("gridbox.root"), "testdata");
  static final Path DIR = ROOT.resolve("reference/objdet");
  static final Path NANODET = ROOT.resolve("models/nanodet");
  static final Path CENTERNET = ROOT.resolve("models/centernet");
  /** Inputs whose pixels are reproducible in Java: the formula image and the stored jpeg-js RGB. */
  static final String[] EXACT_INPUTS = {"synthetic", "dog", "horses"};

  private static JsonNode json;

  private ObjdetReference() {}

  static synchronized JsonNode json() {
    if (json == null) {
      try {
        json = new ObjectMapper().readTree(DIR.resolve("reference.json").toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return json;
  }

  static JsonNode image(String name) {
    return json().get("images").get(name);
  }

  /** A float32 little-endian fixture file. */
  static float[] f32(String name) {
    try {
      byte[] b = Files.readAllBytes(DIR.resolve(name));
      float[] out = new float[b.length / 4];
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  /**
   * The pixels generate.js fed for {@code name}: the formula image (R = floor(255x/639),
   * G = floor(255y/479), B = 7(x+y) mod 256, 640×480) or the stored jpeg-js RGB bytes.
   */
  static FloatImage pixels(String name) {
    JsonNode e = image(name);
    int w = e.get("width").asInt();
    int h = e.get("height").asInt();
    float[] rgb = new float[w * h * 3];
    if (name.equals("synthetic")) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int i = (y * w + x) * 3;
          rgb[i] = (255 * x) / 639;
          rgb[i + 1] = (255 * y) / 479;
          rgb[i + 2] = (7 * (x + y)) % 256;
        }
      }
    } else {
      try {
        byte[] b = Files.readAllBytes(DIR.resolve(e.get("rgbFile").asText()));
        assertThat(b).hasSize(rgb.length);
        for (int i = 0; i < b.length; i++) {
          rgb[i] = b[i] & 0xff;
        }
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
    return new FloatImage(w, h, rgb);
  }

  /** SHA-256 (hex) of the float32 little-endian bytes. */
  static String sha256(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Largest absolute difference; fails on length mismatch or a NaN on one side only. */
  static double maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      assertThat(Float.isNaN(a[i])).as("NaN at %d", i).isEqualTo(Float.isNaN(b[i]));
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m;
  }

  /**
   * Asserts {@code d} equals the oracle's list (same count, classes, order; boxes within
   * {@code px}, scores within {@code score}) and returns {max box diff, max score diff}.
   */
  static double[] assertSameDetections(Detections d, JsonNode oracle, double px, double score,
      String what) {
    JsonNode list = oracle.get("detections");
    int[] cls = new int[d.size()];
    int[] want = new int[list.size()];
    for (int i = 0; i < d.size(); i++) {
      cls[i] = d.classId(i);
    }
    for (int i = 0; i < want.length; i++) {
      want[i] = list.get(i).get("cls").asInt();
    }
    assertThat(cls).as("%s: classes in order", what).containsExactly(want);
    double maxBox = 0;
    double maxScore = 0;
    for (int i = 0; i < want.length; i++) {
      JsonNode r = list.get(i);
      float[] b = {d.box(i).x1(), d.box(i).y1(), d.box(i).x2(), d.box(i).y2()};
      for (int k = 0; k < 4; k++) {
        maxBox = Math.max(maxBox, Math.abs(b[k] - r.get("box").get(k).asDouble()));
      }
      maxScore = Math.max(maxScore, Math.abs(d.score(i) - r.get("score").asDouble()));
    }
    assertThat(maxBox).as("%s: max box difference (px)", what).isLessThanOrEqualTo(px);
    assertThat(maxScore).as("%s: max score difference", what).isLessThanOrEqualTo(score);
    return new double[] {maxBox, maxScore};
  }
}
