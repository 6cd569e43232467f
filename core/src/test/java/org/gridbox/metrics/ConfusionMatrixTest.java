package org.gridbox.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gridbox.detection.Detections;
import org.gridbox.geom.Box;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoResults;
import org.gridbox.io.ImageInfo;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  @Test
  void countsByHand() {
    // classes cat (id 1, index 0), dog (id 2, index 1); background = index 2.
    CocoGroundTruth gt = CocoGroundTruth.builder()
        .image(new ImageInfo(1, "a.jpg", 100, 100)).category(1, "cat").category(2, "dog, big")
        .box(1, 1, new Box(0, 0, 10, 10))      // cat, found as cat
        .box(1, 2, new Box(20, 0, 30, 10))     // dog, found as cat (confusion)
        .box(1, 2, new Box(50, 50, 60, 60))    // dog, missed
        .crowd(1, 1, new Box(70, 0, 100, 30))  // crowd: left out
        .build();
    Map<Integer, Detections> pred = new LinkedHashMap<>();
    pred.put(1, Detections.of(new float[] {
        0, 0, 10, 10,      // class 0 (cat) on the cat: IoU 1
        21, 0, 31, 10,     // class 0 (cat) on the dog: IoU 90/110 = .82
        80, 80, 90, 90,    // class 1 (dog) on nothing: false positive
        0, 0, 10, 9,       // class 1, score .1 < conf .25: not counted
        75, 5, 95, 25},    // class 0 inside the crowd region: background
        new float[] {0.9f, 0.8f, 0.7f, 0.1f, 0.6f}, new int[] {0, 0, 1, 1, 0}));
    ConfusionMatrix m = ConfusionMatrix.compute(gt, CocoResults.of(pred), 0.5, 0.25);
    assertThat(m.count(0, 0)).isEqualTo(1); // cat as cat
    assertThat(m.count(0, 1)).isEqualTo(1); // cat predicted, dog true
    assertThat(m.count(1, 2)).isEqualTo(1); // dog false positive
    assertThat(m.count(0, 2)).isEqualTo(1); // cat on the crowd region
    assertThat(m.count(2, 1)).isEqualTo(1); // dog missed
    assertThat(m.count(1, 1)).isZero();
    assertThat(m.count(2, 2)).isZero();
    assertThat(m.toCsv()).isEqualTo("predicted\\true,cat,\"dog, big\",background\n"
        + "cat,1,1,1\n"
        + "\"dog, big\",0,0,1\n"
        + "background,0,1,0\n");
  }

  @Test
  void greedyByIouNotByScore() {
    // one cat; two cat detections: the higher-scoring one overlaps less (IoU 50/150 = .33 < .5
    // would not match at all), so use IoU .3: det0 IoU 1/3, det1 IoU 1 -> det1 takes it by IoU.
    CocoGroundTruth gt = CocoGroundTruth.builder().image(new ImageInfo(1, "a.jpg", 50, 50))
        .category(1, "cat").box(1, 1, new Box(0, 0, 10, 10)).build();
    Map<Integer, Detections> pred = Map.of(1, Detections.of(
        new float[] {5, 0, 15, 10, 0, 0, 10, 10}, new float[] {0.9f, 0.5f}, new int[] {0, 0}));
    ConfusionMatrix m = ConfusionMatrix.compute(gt, CocoResults.of(pred), 0.3, 0.0);
    assertThat(m.count(0, 0)).isEqualTo(1);
    assertThat(m.count(0, 1)).isEqualTo(1); // the other one is a false positive
  }
}
