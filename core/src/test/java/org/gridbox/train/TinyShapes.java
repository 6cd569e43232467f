package org.gridbox.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gridbox.image.FloatImage;

/**
 * Test images drawn in plain Java (core has no image IO): filled circles, squares and triangles of
 * one random colour on a random flat background with a little noise.
 */
final class TinyShapes {
  private TinyShapes() {}

  static List<TrainingSample> generate(int count, int size, long seed) {
    Random rnd = new Random(seed);
    List<TrainingSample> out = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      float[] rgb = new float[size * size * 3];
      float[] bg = {40 + rnd.nextInt(60), 40 + rnd.nextInt(60), 40 + rnd.nextInt(60)};
      for (int p = 0; p < size * size; p++) {
        for (int c = 0; c < 3; c++) {
          rgb[3 * p + c] = bg[c] + rnd.nextInt(10);
        }
      }
      int objects = 1 + rnd.nextInt(2);
      float[] boxes = new float[4 * objects];
      int[] cls = new int[objects];
      for (int k = 0; k < objects; k++) {
        int side = size / 4 + rnd.nextInt(size / 4);
        // objects in different halves so that they never overlap
        int x0 = (k == 0 ? 0 : size / 2) + rnd.nextInt(size / 2 - side + 1);
        int y0 = rnd.nextInt(size - side + 1);
        int c = rnd.nextInt(3);
        float[] col = {150 + rnd.nextInt(100), 150 + rnd.nextInt(100), 150 + rnd.nextInt(100)};
        for (int y = y0; y < y0 + side; y++) {
          for (int x = x0; x < x0 + side; x++) {
            double u = (x + 0.5 - x0) / side, v = (y + 0.5 - y0) / side;
            boolean inside = switch (c) {
              case 0 -> (u - 0.5) * (u - 0.5) + (v - 0.5) * (v - 0.5) <= 0.25;
              case 1 -> true;
              default -> Math.abs(u - 0.5) <= v / 2; // apex at the top centre, base at the bottom
            };
            if (inside) {
              for (int ch = 0; ch < 3; ch++) {
                rgb[(y * size + x) * 3 + ch] = col[ch];
              }
            }
          }
        }
        boxes[4 * k] = x0;
        boxes[4 * k + 1] = y0;
        boxes[4 * k + 2] = x0 + side;
        boxes[4 * k + 3] = y0 + side;
        cls[k] = c;
      }
      out.add(new TrainingSample(new FloatImage(size, size, rgb), boxes, cls));
    }
    return out;
  }
}
