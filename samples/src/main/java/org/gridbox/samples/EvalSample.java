package org.gridbox.samples;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.gridbox.detection.Detections;
import org.gridbox.geom.Box;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoResults;
import org.gridbox.io.ImageInfo;
import org.gridbox.metrics.ApInterpolation;
import org.gridbox.metrics.CocoEvaluation;
import org.gridbox.metrics.CocoEvaluator;
import org.gridbox.metrics.CocoStats;
import org.gridbox.metrics.VocEvaluator;
import org.gridbox.metrics.VocResult;

/**
 * Scoring predictions against ground truth in code, without files: build the ground truth, collect
 * a model's {@link Detections} per image, and ask for COCO AP (pycocotools' numbers) and VOC AP.
 *
 * <p>Two images of 640x480 and one class ("face", category 1 = class 0 + 1). Image 1 has two faces,
 * both found (one box exact, one shifted by 4 px), plus a false alarm; image 2 has one face, missed,
 * and nothing else.
 */
public final class EvalSample {
  private EvalSample() {}

  public static void main(String[] args) {
    print(System.out);
  }

  /** Runs the sample and prints the numbers. */
  static void print(PrintStream out) {
    CocoGroundTruth gt = CocoGroundTruth.builder()
        .image(new ImageInfo(1, "family.jpg", 640, 480))
        .image(new ImageInfo(2, "crowd.jpg", 640, 480))
        .category(1, "face")
        .box(1, 1, new Box(100, 100, 200, 220))
        .box(1, 1, new Box(300, 120, 380, 220))
        .box(2, 1, new Box(50, 60, 120, 140))
        .build();

    Map<Integer, Detections> predictions = new LinkedHashMap<>();
    predictions.put(1, Detections.of(
        new float[] {100, 100, 200, 220, 304, 120, 384, 220, 500, 400, 540, 440},
        new float[] {0.95f, 0.90f, 0.40f},
        new int[] {0, 0, 0}));
    predictions.put(2, Detections.empty());

    CocoEvaluation coco = CocoEvaluator.evaluate(gt, CocoResults.of(predictions));
    CocoStats s = coco.stats();
    out.printf(Locale.ROOT, "COCO AP %.4f  AP50 %.4f  AP75 %.4f  AR100 %.4f%n",
        s.ap(), s.ap50(), s.ap75(), s.ar100());
    VocResult voc = VocEvaluator.evaluate(gt, CocoResults.of(predictions), 0.5,
        ApInterpolation.VOC_ALL_POINT);
    out.printf(Locale.ROOT, "%s at IoU 0.5: mAP %.4f%n", voc.method().description(), voc.map());
    coco.notes().forEach(n -> out.println("note: " + n));
  }
}
