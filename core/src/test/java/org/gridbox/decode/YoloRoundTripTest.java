package org.gridbox.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Encode random boxes and scores into YOLOv5 and YOLOv8 tensors (both YOLOv8 layouts), decode, and
 * check every candidate above the threshold comes back with its box and class, and nothing else.
 */
class YoloRoundTripTest {

  @Property(tries = 40)
  void yoloV8BothLayoutsRoundTrip(@ForAll @IntRange(min = 5, max = 3000) int n,
      @ForAll @IntRange(min = 1, max = 90) int c, @ForAll long seed) {
    Random rnd = new Random(seed);
    float thr = 0.25f;
    float[] cf = new float[(4 + c) * n];
    float[][] boxes = new float[n][4];
    int[] bestClass = new int[n];
    float[] bestScore = new float[n];
    for (int i = 0; i < n; i++) {
      float cx = rnd.nextFloat() * 1000;
      float cy = rnd.nextFloat() * 1000;
      float w = 1 + rnd.nextFloat() * 200;
      float h = 1 + rnd.nextFloat() * 200;
      cf[i] = cx;
      cf[n + i] = cy;
      cf[2 * n + i] = w;
      cf[3 * n + i] = h;
      boxes[i] = new float[] {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
      bestScore[i] = Float.NEGATIVE_INFINITY;
      for (int k = 0; k < c; k++) {
        // distinct-ish values in [0, 0.5): roughly half the candidates pass 0.25
        float v = rnd.nextFloat() * 0.5f;
        cf[(4 + k) * n + i] = v;
        if (v > bestScore[i]) {
          bestScore[i] = v;
          bestClass[i] = k;
        }
      }
    }
    float[] nf = new float[cf.length];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 4 + c; k++) {
        nf[i * (4 + c) + k] = cf[k * n + i];
      }
    }
    YoloV8Decoder d = new YoloV8Decoder(c, 1024, 1024);
    Candidates a = new Candidates(4);
    Candidates b = new Candidates(4);
    int cfN = n == 4 + c ? -1 : n; // (n == 4 + c is ambiguous; channels-first wins)
    d.decode(cf, new int[] {1, 4 + c, n}, thr, ClassSelection.BEST_CLASS, a);
    if (cfN > 0) {
      d.decode(nf, new int[] {1, n, 4 + c}, thr, ClassSelection.BEST_CLASS, b);
      assertThat(b.toDetections()).isEqualTo(a.toDetections());
    }
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (bestScore[i] > thr) {
        assertThat(a.sourceIndices()[m]).isEqualTo(i);
        assertThat(a.classIds()[m]).isEqualTo(bestClass[i]);
        assertThat(a.scores()[m]).isEqualTo(bestScore[i]);
        for (int k = 0; k < 4; k++) {
          assertThat(a.boxes()[4 * m + k]).isEqualTo(boxes[i][k]);
        }
        m++;
      }
    }
    assertThat(a.size()).isEqualTo(m);
  }

  @Property(tries = 40)
  void yoloV5RoundTrip(@ForAll @IntRange(min = 1, max = 3000) int n,
      @ForAll @IntRange(min = 1, max = 90) int c, @ForAll long seed) {
    Random rnd = new Random(seed);
    float thr = 0.25f;
    int e = 5 + c;
    float[] raw = new float[e * n];
    int expected = 0;
    for (int i = 0; i < n; i++) {
      raw[i * e] = rnd.nextFloat() * 640;
      raw[i * e + 1] = rnd.nextFloat() * 640;
      raw[i * e + 2] = 1 + rnd.nextFloat() * 100;
      raw[i * e + 3] = 1 + rnd.nextFloat() * 100;
      raw[i * e + 4] = rnd.nextFloat();
      for (int k = 0; k < c; k++) {
        raw[i * e + 5 + k] = rnd.nextFloat();
        if (raw[i * e + 4] > thr && raw[i * e + 5 + k] * raw[i * e + 4] > thr) {
          expected++;
        }
      }
    }
    Candidates all = new Candidates(4);
    new YoloV5Decoder(c, 640, 640).decode(raw, new int[] {1, n, e}, thr,
        ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD, all);
    assertThat(all.size()).isEqualTo(expected);
    for (int j = 0; j < all.size(); j++) {
      int i = all.sourceIndices()[j];
      int k = all.classIds()[j];
      assertThat(all.scores()[j]).isEqualTo(raw[i * e + 5 + k] * raw[i * e + 4]);
      assertThat(all.boxes()[4 * j]).isEqualTo(raw[i * e] - raw[i * e + 2] / 2);
      assertThat(all.boxes()[4 * j + 3]).isEqualTo(raw[i * e + 1] + raw[i * e + 3] / 2);
    }
  }
}
