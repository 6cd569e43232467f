package org.gridbox.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridbox.Check;
import org.gridbox.detection.Detections;
import org.gridbox.geom.Box;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoResults;
import org.gridbox.io.ImageInfo;
import org.gridbox.metrics.CocoEvaluation;
import org.gridbox.metrics.CocoEvaluator;
import org.gridbox.models.DetectionModel;

/**
 * COCO evaluation ({@link CocoEvaluator}, pycocotools semantics) of a detector on samples with known
 * boxes: image ids 1..n in list order, category id = class id + 1 (as {@link CocoResults#of(java.util.Map)}
 * numbers them).
 */
public final class Validation {
  private Validation() {}

  /**
   * Runs the detector on every sample and evaluates.
   *
   * @param model the detector (use evaluation post-processing: a low score threshold)
   * @param samples images and ground truth
   * @return the COCO evaluation (its {@code stats()} hold AP, AP50, ...)
   */
  public static CocoEvaluation evaluate(DetectionModel model, List<TrainingSample> samples) {
    Check.notNull(model, "model");
    Check.notNull(samples, "samples");
    Check.argument(!samples.isEmpty(), "need at least one sample, got samples=%s", samples);
    CocoGroundTruth.Builder gt = CocoGroundTruth.builder();
    List<String> names = model.classNames();
    for (int c = 0; c < names.size(); c++) {
      gt.category(c + 1, names.get(c));
    }
    Map<Integer, Detections> results = new LinkedHashMap<>();
    try (DetectionModel.Session session = model.newSession()) {
      for (int i = 0; i < samples.size(); i++) {
        TrainingSample s = samples.get(i);
        int id = i + 1;
        gt.image(new ImageInfo(id, String.format("%06d.png", i), s.image().width(), s.image().height()));
        float[] b = s.boxes();
        int[] cls = s.classIds();
        for (int j = 0; j < cls.length; j++) {
          gt.box(id, cls[j] + 1, new Box(b[4 * j], b[4 * j + 1], b[4 * j + 2], b[4 * j + 3]));
        }
        results.put(id, session.detect(s.image()));
      }
    }
    return CocoEvaluator.evaluate(gt.build(), CocoResults.of(results));
  }
}
