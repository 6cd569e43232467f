package org.gridbox.models;

import java.util.ArrayList;
import java.util.List;
import org.gridbox.detection.Detection;
import org.gridbox.detection.Detections;
import org.gridbox.geom.Box;
import org.gridbox.image.FloatImage;

/**
 * Darknet's own image preparation and box extraction, reproduced float for float (pjreddie's C code
 * of 2018, as Debian ships it): the {@code --darknet-exact} mode of {@link DarknetDetector}.
 *
 * <ul>
 *   <li>{@link #resize} is Darknet's {@code resize_image}: bilinear with the corner-aligned scale
 *       {@code (in − 1)/(out − 1)}, rows first then columns, in {@code float}.</li>
 *   <li>{@link #letterbox} is {@code letterbox_image}: the image scaled to fit with integer sizes
 *       ({@code ih·w/iw}, truncated), pasted at the integer offset {@code (w − nw)/2} on 0.5 grey.</li>
 *   <li>The boxes are {@code get_network_boxes}: {@code [yolo]} keeps an anchor whose objectness is
 *       above the threshold, {@code [region]} and {@code [detection]} keep all; every class probability
 *       objectness × p that is not above the threshold becomes 0, so one box may carry several
 *       classes. {@code correct_yolo_boxes}/{@code correct_region_boxes} undo the letterbox with the
 *       offset {@code (w − nw)/2.0} — a real division, while the image was placed at the truncated
 *       integer offset: the <b>half-pixel quirk</b> (when {@code w − nw} is odd, every box is shifted
 *       by half a network pixel, 0.93 image pixels on horses.jpg at 416). It is reproduced here and
 *       only here; {@link DarknetDetector}'s normal mode uses one consistent geometry.</li>
 *   <li>{@code do_nms_sort}: boxes with objectness 0 move to the end, then per class a stable sort by
 *       that class's probability (glibc's {@code qsort} is a merge sort) and greedy suppression of
 *       lower boxes whose IoU is above the NMS threshold.</li>
 *   <li>The output lists, box by box in Darknet's final order, every class whose probability is
 *       above the threshold — what {@code draw_detections} prints. Boxes are not clipped to the
 *       image and not capped in number.</li>
 * </ul>
 *
 * <p>YOLOv1 ({@code [detection]}) follows {@code darknet yolo test}: the image is stretched with
 * {@link #resize} (no letterbox), and the score is the product of two raw linear outputs, so two
 * negative factors make a positive score ({@link YoloV1Scores#RAW_PRODUCT}, Darknet's rule) unless
 * {@link YoloV1Scores#CLAMPED} clamps each factor to [0, 1] first. Scores above 1 are reported as 1.
 */
public final class DarknetExact {
  private DarknetExact() {}

  /** How a YOLOv1 {@code [detection]} head turns its raw outputs into class scores. */
  public enum YoloV1Scores {
    /** Darknet's rule: confidence × class probability of the raw linear outputs. */
    RAW_PRODUCT,
    /** Each factor clamped to [0, 1] before the product (gridbox's normal mode). */
    CLAMPED
  }

  /** One head, as {@code get_network_boxes} sees it. */
  record Head(String type, int classes, int anchors, float[] biases, boolean softmax, boolean sqrt, int side) {}

  /** One Darknet {@code detection}: relative centre box, objectness and per-class probabilities. */
  static final class Det {
    float x, y, w, h, objectness;
    final float[] prob;

    Det(int classes) {
      prob = new float[classes];
    }
  }

  /**
   * Darknet's {@code load_image} values: {@code (float) (v / 255.)}, planar CHW.
   *
   * @param im the image, interleaved RGB with values 0..255
   * @return CHW, {@code 3·width·height}, values 0..1
   */
  public static float[] planes(FloatImage im) {
    int plane = im.width() * im.height();
    float[] rgb = im.rgb();
    float[] out = new float[3 * plane];
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        out[c * plane + p] = (float) (rgb[3 * p + c] / 255.0);
      }
    }
    return out;
  }

  /**
   * Darknet's {@code resize_image} of a planar 3-channel image.
   *
   * @param src CHW, {@code 3·iw·ih}
   * @param iw the source width in pixels
   * @param ih the source height in pixels
   * @param w the target width in pixels
   * @param h the target height in pixels
   * @return CHW, {@code 3·w·h}
   */
  public static float[] resize(float[] src, int iw, int ih, int w, int h) {
    float[] part = new float[3 * w * ih];
    float wScale = (float) (iw - 1) / (w - 1);
    float hScale = (float) (ih - 1) / (h - 1);
    for (int k = 0; k < 3; k++) {
      for (int r = 0; r < ih; r++) {
        int row = (k * ih + r) * iw;
        for (int c = 0; c < w; c++) {
          float val;
          if (c == w - 1 || iw == 1) {
            val = src[row + iw - 1];
          } else {
            float sx = c * wScale;
            int ix = (int) sx;
            float dx = sx - ix;
            val = (1 - dx) * src[row + ix] + dx * src[row + ix + 1];
          }
          part[(k * ih + r) * w + c] = val;
        }
      }
    }
    float[] out = new float[3 * w * h];
    for (int k = 0; k < 3; k++) {
      for (int r = 0; r < h; r++) {
        float sy = r * hScale;
        int iy = (int) sy;
        float dy = sy - iy;
        int o = (k * h + r) * w;
        int p = (k * ih + iy) * w;
        for (int c = 0; c < w; c++) {
          out[o + c] = (1 - dy) * part[p + c];
        }
        if (r == h - 1 || ih == 1) {
          continue;
        }
        for (int c = 0; c < w; c++) {
          out[o + c] += dy * part[p + w + c];
        }
      }
    }
    return out;
  }

  /**
   * The size {@code letterbox_image} scales an {@code iw×ih} image to inside {@code w×h}, keeping its aspect ratio.
   *
   * @param iw the image width in pixels
   * @param ih the image height in pixels
   * @param w the network input width in pixels
   * @param h the network input height in pixels
   * @return {@code {nw, nh}}: one of them equals {@code w} or {@code h}, the other is at least 1
   */
  public static int[] fit(int iw, int ih, int w, int h) {
    if ((float) w / iw < (float) h / ih) {
      return new int[] {w, (int) Math.max(1, (long) ih * w / iw)};
    }
    return new int[] {(int) Math.max(1, (long) iw * h / ih), h};
  }

  /**
   * Darknet's {@code letterbox_image}: the image scaled by {@link #fit} and centred on grey 0.5.
   *
   * @param im the image, interleaved RGB with values 0..255
   * @param w the network input width in pixels
   * @param h the network input height in pixels
   * @return CHW, {@code 3·w·h}, values 0..1
   */
  public static float[] letterbox(FloatImage im, int w, int h) {
    int[] n = fit(im.width(), im.height(), w, h);
    float[] r = resize(planes(im), im.width(), im.height(), n[0], n[1]);
    float[] out = new float[3 * w * h];
    java.util.Arrays.fill(out, 0.5f);
    int dx = (w - n[0]) / 2, dy = (h - n[1]) / 2;
    for (int k = 0; k < 3; k++) {
      for (int y = 0; y < n[1]; y++) {
        System.arraycopy(r, (k * n[1] + y) * n[0], out, (k * h + dy + y) * w + dx, n[0]);
      }
    }
    return out;
  }

  /** Darknet's {@code logistic_activate}. */
  static float logistic(float x) {
    return (float) (1. / (1. + Math.exp(-x)));
  }

  /**
   * {@code get_network_boxes} + {@code do_nms_sort} + the listing of {@code draw_detections}.
   *
   * @param outputs each head's raw input (the tensor before Darknet's head activations), in layer order
   * @param letterboxed whether boxes undo a letterbox (YOLOv2/v3) or are relative to a stretched image (v1)
   */
  static Detections detect(List<Head> heads, List<float[]> outputs, List<int[]> shapes, int netW, int netH,
      int imW, int imH, float thresh, float nms, YoloV1Scores v1) {
    List<Det> dets = new ArrayList<>();
    int classes = 1;
    for (int k = 0; k < heads.size(); k++) {
      Head hd = heads.get(k);
      classes = hd.classes();
      float[] out = outputs.get(k).clone();
      int[] s = shapes.get(k);
      int from = dets.size();
      switch (hd.type()) {
        case "yolo" -> yolo(hd, out, s[s.length - 1], s[s.length - 2], netW, netH, thresh, dets);
        case "region" -> region(hd, out, s[s.length - 1], s[s.length - 2], thresh, dets);
        default -> detection(hd, out, thresh, v1, dets);
      }
      if (!hd.type().equals("detection")) {
        correct(dets.subList(from, dets.size()), imW, imH, netW, netH);
      }
    }
    nmsSort(dets, classes, nms);
    List<Detection> list = new ArrayList<>();
    for (Det d : dets) {
      for (int j = 0; j < d.prob.length; j++) {
        if (d.prob[j] > thresh) {
          float x1 = (float) ((d.x - d.w / 2.) * imW), x2 = (float) ((d.x + d.w / 2.) * imW);
          float y1 = (float) ((d.y - d.h / 2.) * imH), y2 = (float) ((d.y + d.h / 2.) * imH);
          list.add(new Detection(new Box(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)),
              Math.min(1f, d.prob[j]), j));
        }
      }
    }
    return Detections.of(list);
  }

  private static void yolo(Head hd, float[] out, int lw, int lh, int netW, int netH, float thresh, List<Det> dets) {
    int plane = lw * lh, per = (5 + hd.classes()) * plane;
    for (int n = 0; n < hd.anchors(); n++) {
      for (int i = 0; i < 2 * plane; i++) {
        out[n * per + i] = logistic(out[n * per + i]);
      }
      for (int i = 4 * plane; i < per; i++) {
        out[n * per + i] = logistic(out[n * per + i]);
      }
    }
    for (int i = 0; i < plane; i++) {
      int row = i / lw, col = i % lw;
      for (int n = 0; n < hd.anchors(); n++) {
        int b = n * per + i;
        float obj = out[b + 4 * plane];
        if (obj <= thresh) {
          continue;
        }
        Det d = new Det(hd.classes());
        d.x = (col + out[b]) / lw;
        d.y = (row + out[b + plane]) / lh;
        d.w = (float) (Math.exp(out[b + 2 * plane]) * hd.biases()[2 * n] / netW);
        d.h = (float) (Math.exp(out[b + 3 * plane]) * hd.biases()[2 * n + 1] / netH);
        d.objectness = obj;
        for (int j = 0; j < hd.classes(); j++) {
          float prob = obj * out[b + (5 + j) * plane];
          d.prob[j] = prob > thresh ? prob : 0;
        }
        dets.add(d);
      }
    }
  }

  private static void region(Head hd, float[] out, int lw, int lh, float thresh, List<Det> dets) {
    int plane = lw * lh, per = (5 + hd.classes()) * plane;
    for (int n = 0; n < hd.anchors(); n++) {
      int base = n * per;
      for (int i = 0; i < 2 * plane; i++) {
        out[base + i] = logistic(out[base + i]);
      }
      for (int i = 4 * plane; i < 5 * plane; i++) {
        out[base + i] = logistic(out[base + i]);
      }
      if (!hd.softmax()) {
        for (int i = 5 * plane; i < per; i++) {
          out[base + i] = logistic(out[base + i]);
        }
      } else {
        for (int i = 0; i < plane; i++) {
          softmax(out, base + 5 * plane + i, hd.classes(), plane);
        }
      }
    }
    for (int i = 0; i < plane; i++) {
      int row = i / lw, col = i % lw;
      for (int n = 0; n < hd.anchors(); n++) {
        int b = n * per + i;
        float scale = out[b + 4 * plane];
        Det d = new Det(hd.classes());
        d.x = (col + out[b]) / lw;
        d.y = (row + out[b + plane]) / lh;
        d.w = (float) (Math.exp(out[b + 2 * plane]) * hd.biases()[2 * n] / lw);
        d.h = (float) (Math.exp(out[b + 3 * plane]) * hd.biases()[2 * n + 1] / lh);
        d.objectness = scale > thresh ? scale : 0;
        if (d.objectness != 0) {
          for (int j = 0; j < hd.classes(); j++) {
            float prob = scale * out[b + (5 + j) * plane];
            d.prob[j] = prob > thresh ? prob : 0;
          }
        }
        dets.add(d);
      }
    }
  }

  /** Darknet's {@code softmax} (temperature 1) over {@code n} values {@code stride} apart, in place. */
  private static void softmax(float[] x, int at, int n, int stride) {
    float largest = -Float.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      largest = Math.max(largest, x[at + i * stride]);
    }
    float sum = 0;
    for (int i = 0; i < n; i++) {
      float e = (float) Math.exp(x[at + i * stride] - largest);
      sum += e;
      x[at + i * stride] = e;
    }
    for (int i = 0; i < n; i++) {
      x[at + i * stride] /= sum;
    }
  }

  private static void detection(Head hd, float[] out, float thresh, YoloV1Scores v1, List<Det> dets) {
    int side = hd.side(), cells = side * side, num = hd.anchors(), classes = hd.classes();
    for (int i = 0; i < cells; i++) {
      int row = i / side, col = i % side;
      for (int n = 0; n < num; n++) {
        float scale = out[cells * classes + i * num + n];
        int box = cells * (classes + num) + (i * num + n) * 4;
        Det d = new Det(classes);
        d.x = (out[box] + col) / side;
        d.y = (out[box + 1] + row) / side;
        d.w = (float) Math.pow(out[box + 2], hd.sqrt() ? 2 : 1);
        d.h = (float) Math.pow(out[box + 3], hd.sqrt() ? 2 : 1);
        d.objectness = scale;
        for (int j = 0; j < classes; j++) {
          float p = out[i * classes + j];
          float prob = v1 == YoloV1Scores.CLAMPED ? clamp(scale) * clamp(p) : scale * p;
          d.prob[j] = prob > thresh ? prob : 0;
        }
        dets.add(d);
      }
    }
  }

  private static float clamp(float v) {
    return Math.max(0f, Math.min(1f, v));
  }

  /** {@code correct_yolo_boxes} / {@code correct_region_boxes} with {@code relative = 1}. */
  private static void correct(List<Det> dets, int w, int h, int netW, int netH) {
    int[] n = fit(w, h, netW, netH);
    for (Det d : dets) {
      d.x = (float) ((d.x - (netW - n[0]) / 2. / netW) / ((float) n[0] / netW));
      d.y = (float) ((d.y - (netH - n[1]) / 2. / netH) / ((float) n[1] / netH));
      d.w *= (float) netW / n[0];
      d.h *= (float) netH / n[1];
    }
  }

  /** {@code do_nms_sort}. */
  static void nmsSort(List<Det> dets, int classes, float thresh) {
    int k = dets.size() - 1;
    for (int i = 0; i <= k; i++) {
      if (dets.get(i).objectness == 0) {
        Det swap = dets.get(i);
        dets.set(i, dets.get(k));
        dets.set(k, swap);
        k--;
        i--;
      }
    }
    List<Det> live = dets.subList(0, k + 1);
    for (int c = 0; c < classes; c++) {
      final int cls = c;
      live.sort((a, b) -> {
        float diff = a.prob[cls] - b.prob[cls];
        return diff < 0 ? 1 : diff > 0 ? -1 : 0;
      });
      for (int i = 0; i < live.size(); i++) {
        Det a = live.get(i);
        if (a.prob[c] == 0) {
          continue;
        }
        for (int j = i + 1; j < live.size(); j++) {
          Det b = live.get(j);
          if (iou(a, b) > thresh) {
            b.prob[c] = 0;
          }
        }
      }
    }
  }

  private static float overlap(float x1, float w1, float x2, float w2) {
    float left = Math.max(x1 - w1 / 2, x2 - w2 / 2);
    float right = Math.min(x1 + w1 / 2, x2 + w2 / 2);
    return right - left;
  }

  /** Darknet's {@code box_iou} on centre boxes, in {@code float}. */
  private static float iou(Det a, Det b) {
    float w = overlap(a.x, a.w, b.x, b.w), h = overlap(a.y, a.h, b.y, b.h);
    float inter = w < 0 || h < 0 ? 0 : w * h;
    return inter / (a.w * a.h + b.w * b.h - inter);
  }
}
