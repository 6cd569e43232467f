package org.gridbox.nms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The textbook algorithm, written as torchvision's {@code nms_kernel.cpp} does it (stable sort by
 * score descending, a suppressed flag per box, every kept box scans all later boxes), for
 * comparison with the fast kernel. IoU written out here independently of {@code Iou}, in the same
 * float operation order as torchvision; 0/0 gives NaN, which is never {@code > threshold}.
 */
final class PlainGreedy {
  private PlainGreedy() {}

  static int[] nms(float[] boxes, float[] scores, float threshold) {
    int n = scores.length;
    Integer[] order =
        IntStream.range(0, n).filter(i -> !Float.isNaN(scores[i])).boxed().toArray(Integer[]::new);
    java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -(scores[i] + 0.0f)));
    float[] areas = new float[n];
    for (int i = 0; i < n; i++) {
      areas[i] = (boxes[4 * i + 2] - boxes[4 * i]) * (boxes[4 * i + 3] - boxes[4 * i + 1]);
    }
    boolean[] suppressed = new boolean[n];
    List<Integer> keep = new ArrayList<>();
    for (int a = 0; a < order.length; a++) {
      int i = order[a];
      if (suppressed[i]) {
        continue;
      }
      keep.add(i);
      for (int b = a + 1; b < order.length; b++) {
        int j = order[b];
        if (suppressed[j]) {
          continue;
        }
        float xx1 = Math.max(boxes[4 * i], boxes[4 * j]);
        float yy1 = Math.max(boxes[4 * i + 1], boxes[4 * j + 1]);
        float xx2 = Math.min(boxes[4 * i + 2], boxes[4 * j + 2]);
        float yy2 = Math.min(boxes[4 * i + 3], boxes[4 * j + 3]);
        float w = Math.max(0f, xx2 - xx1);
        float h = Math.max(0f, yy2 - yy1);
        float inter = w * h;
        float ovr = inter / (areas[i] + areas[j] - inter);
        if (ovr > threshold) {
          suppressed[j] = true;
        }
      }
    }
    return keep.stream().mapToInt(Integer::intValue).toArray();
  }

  /** torchvision {@code _batched_nms_vanilla}: per class, then all kept sorted by score (stable). */
  static int[] batched(float[] boxes, float[] scores, int[] classIds, float threshold) {
    int n = scores.length;
    boolean[] keepMask = new boolean[n];
    int[] classes = IntStream.of(classIds).distinct().toArray();
    for (int cls : classes) {
      int[] idx = IntStream.range(0, n).filter(i -> classIds[i] == cls).toArray();
      float[] b = new float[4 * idx.length];
      float[] s = new float[idx.length];
      for (int k = 0; k < idx.length; k++) {
        System.arraycopy(boxes, 4 * idx[k], b, 4 * k, 4);
        s[k] = scores[idx[k]];
      }
      for (int k : nms(b, s, threshold)) {
        keepMask[idx[k]] = true;
      }
    }
    Integer[] kept = IntStream.range(0, n).filter(i -> keepMask[i]).boxed().toArray(Integer[]::new);
    java.util.Arrays.sort(kept, Comparator.comparingDouble((Integer i) -> -(scores[i] + 0.0f)));
    return java.util.Arrays.stream(kept).mapToInt(Integer::intValue).toArray();
  }
}
