package org.gridbox.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridbox.image.FloatImage;

/**
 * Reads the face-api reference fixtures of {@code testdata/reference/face-api/} (made by its
 * {@code generate.js} with @vladmandic/face-api 1.7.15 on the tfjs 4.22.0 CPU backend).
 */
final class FaceReference {
  static final Path ROOT = Path.of(System.getProperty("gridbox.root"), "testdata");
  static final Path DIR = ROOT.resolve("reference/face-api");
  static final Path MODELS = ROOT.resolve("models/face");

  private static JsonNode json;

  private FaceReference() {}

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

  /**
   * The formula image of generate.js: R = floor(x·255/(W−1)), G = floor(y·255/(H−1)),
   * B = 27 + 200·(((x >> 4) + (y >> 4)) & 1).
   */
  static FloatImage formulaImage(int w, int h) {
    float[] rgb = new float[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        rgb[i] = (x * 255) / (w - 1);
        rgb[i + 1] = (y * 255) / (h - 1);
        rgb[i + 2] = 27 + 200 * (((x >> 4) + (y >> 4)) & 1);
      }
    }
    return new FloatImage(w, h, rgb);
  }

  static FloatImage formulaImage(JsonNode entry) {
    return formulaImage(entry.get("width").asInt(), entry.get("height").asInt());
  }

  /** Largest absolute difference; fails on length mismatch. */
  static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
      if (Float.isNaN(a[i]) != Float.isNaN(b[i])) {
        return Double.NaN;
      }
    }
    return m;
  }
}
