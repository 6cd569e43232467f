package org.gridbox.samples;

import java.io.PrintStream;
import java.util.Locale;
import org.gridbox.geom.Box;
import org.gridbox.geom.BoxFormat;
import org.gridbox.geom.Iou;
import org.gridbox.nms.Nms;
import org.gridbox.nms.NmsOptions;
import org.gridbox.nms.SoftNms;
import org.gridbox.nms.SoftNmsResult;

/**
 * Uses gridbox's IoU and NMS from plain Java code: converts detector candidates from COCO {@code
 * xywh} to {@code xyxy}, prints their IoU matrix, runs per-class NMS (torchvision semantics), the
 * same with options (score threshold, result cap), class-agnostic Soft-NMS, and matches the kept
 * boxes to a ground-truth box.
 *
 * <pre>
 * java ... org.gridbox.samples.NmsIouSample
 * </pre>
 */
public final class NmsIouSample {
  private NmsIouSample() {}

  /** Candidate boxes in COCO {@code xywh} (top-left corner + size) pixels: two cats, one dog. */
  static final float[] CANDIDATES_XYWH = {
    100, 100, 200, 150, // 0: cat, 0.92
    110, 105, 195, 150, // 1: cat, 0.85 (duplicate of 0)
    300, 80, 120, 220, // 2: cat, 0.40
    105, 98, 205, 152, // 3: dog, 0.70 (same place as 0, other class)
    600, 400, 50, 50, // 4: dog, 0.05 (low score)
  };

  static final float[] SCORES = {0.92f, 0.85f, 0.40f, 0.70f, 0.05f};
  static final int[] CLASS_IDS = {0, 0, 0, 1, 1};
  static final String[] CLASS_NAMES = {"cat", "dog"};

  /** Runs the sample and prints to standard output. */
  public static void main(String[] args) {
    run(System.out);
  }

  /**
   * Runs the sample, printing to {@code out}.
   *
   * @return the indices kept by per-class NMS at IoU 0.5, score descending
   */
  public static int[] run(PrintStream out) {
    float[] boxes = BoxFormat.XYWH.toXyxy(CANDIDATES_XYWH); // float[4N] x1, y1, x2, y2
    int n = SCORES.length;

    float[] iou = Iou.pairwise(boxes, boxes); // float[N*N], row-major
    out.println("IoU matrix:");
    for (int i = 0; i < n; i++) {
      StringBuilder row = new StringBuilder("  ");
      for (int j = 0; j < n; j++) {
        row.append(String.format(Locale.ROOT, "%6.3f", iou[i * n + j]));
      }
      out.println(row);
    }

    int[] kept = Nms.batched(boxes, SCORES, CLASS_IDS, 0.5f);
    out.println("per-class NMS (IoU > 0.5 suppresses):");
    for (int i : kept) {
      out.printf(Locale.ROOT, "  #%d %s %.2f %s%n", i, CLASS_NAMES[CLASS_IDS[i]], SCORES[i],
          Box.of(boxes, i));
    }

    NmsOptions options = NmsOptions.torchvision(0.5f).withScoreThreshold(0.25f).withMaxDetections(2);
    int[] top = Nms.apply(boxes, SCORES, CLASS_IDS, options);
    out.println("with score > 0.25 and at most 2 results: " + java.util.Arrays.toString(top));

    SoftNmsResult soft = SoftNms.gaussian(boxes, SCORES, 0.5f, 0.1f, 0);
    out.print("class-agnostic gaussian Soft-NMS (sigma 0.5, score >= 0.1):");
    for (int k = 0; k < soft.size(); k++) {
      out.printf(Locale.ROOT, " #%d %.3f", soft.indices()[k], soft.scores()[k]);
    }
    out.println();

    Box truth = new Box(98, 102, 300, 250);
    for (int i : kept) {
      Box b = Box.of(boxes, i);
      out.printf(Locale.ROOT, "  #%d vs ground truth: IoU %.3f, GIoU %.3f, DIoU %.3f, CIoU %.3f%n", i,
          Iou.of(b, truth), Iou.generalized(b, truth), Iou.distance(b, truth),
          Iou.complete(b, truth));
    }
    return kept;
  }
}
