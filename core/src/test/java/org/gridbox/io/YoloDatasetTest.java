package org.gridbox.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gridbox.detection.Detections;
import org.gridbox.metrics.CocoEvaluation;
import org.gridbox.metrics.CocoEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YoloDatasetTest {
  @TempDir Path dir;

  /**
   * The same boxes as COCO JSON structures and as YOLO txt folders give the same COCO numbers.
   * Images are 500x400 and boxes have integer corners, so every normalised value (a multiple of
   * 0.5/500 = 0.001 or 0.5/400 = 0.00125) is exact with YOLO's 6 decimals and the boxes survive the
   * round trip bit for bit.
   */
  @Test
  void yoloFoldersGiveTheSameNumbersAsCoco() throws Exception {
    Random rnd = new Random(11);
    List<ImageInfo> images = new ArrayList<>();
    List<String> names = List.of("a", "b", "c");
    int nImg = 12;
    List<float[]> gtBoxes = new ArrayList<>();
    List<int[]> gtCls = new ArrayList<>();
    List<Detections> preds = new ArrayList<>();
    Path gtDir = dir.resolve("gt");
    Path predDir = dir.resolve("pred");
    for (int i = 0; i < nImg; i++) {
      ImageInfo im = new ImageInfo(i + 1, "img" + i + ".jpg", 500, 400);
      images.add(im);
      int ng = rnd.nextInt(5);
      float[] gb = new float[4 * ng];
      int[] gc = new int[ng];
      for (int j = 0; j < ng; j++) {
        int x = rnd.nextInt(400);
        int y = rnd.nextInt(300);
        gb[4 * j] = x;
        gb[4 * j + 1] = y;
        gb[4 * j + 2] = x + 4 + rnd.nextInt(96);
        gb[4 * j + 3] = y + 4 + rnd.nextInt(96);
        gc[j] = rnd.nextInt(3);
      }
      Detections g = Detections.of(gb, new float[ng], gc);
      YoloTxt.writeLabels(YoloDataset.labelFile(gtDir, im.fileName()), g, 500, 400);
      int nd = rnd.nextInt(8);
      float[] db = new float[4 * nd];
      float[] ds = new float[nd];
      int[] dc = new int[nd];
      for (int j = 0; j < nd; j++) {
        if (ng > 0 && rnd.nextBoolean()) {
          int k = rnd.nextInt(ng);
          for (int q = 0; q < 4; q++) {
            db[4 * j + q] = Math.max(0, gb[4 * k + q] + rnd.nextInt(9) - 4);
          }
          if (db[4 * j + 2] <= db[4 * j]) {
            db[4 * j + 2] = db[4 * j] + 1;
          }
          if (db[4 * j + 3] <= db[4 * j + 1]) {
            db[4 * j + 3] = db[4 * j + 1] + 1;
          }
          dc[j] = rnd.nextInt(10) == 0 ? rnd.nextInt(3) : gc[k];
        } else {
          int x = rnd.nextInt(400);
          int y = rnd.nextInt(300);
          db[4 * j] = x;
          db[4 * j + 1] = y;
          db[4 * j + 2] = x + 10;
          db[4 * j + 3] = y + 20;
          dc[j] = rnd.nextInt(3);
        }
        ds[j] = (1 + rnd.nextInt(999)) / 1000f;  // 3 decimals: exact in 6
      }
      Detections d = Detections.of(db, ds, dc);
      preds.add(d);
      gtBoxes.add(gb);
      gtCls.add(gc);
      if (nd > 0 || rnd.nextBoolean()) { // some images have no prediction file at all
        YoloTxt.writeLabelsWithConfidence(YoloDataset.labelFile(predDir, im.fileName()), d, 500, 400);
      }
    }
    Files.createDirectories(predDir);
    // the COCO version of the same data
    Path predJson = dir.resolve("pred.json");
    try (DetectionsJsonWriter w = DetectionsJsonWriter.open(predJson, names)) {
      for (int i = 0; i < nImg; i++) {
        w.add(images.get(i), preds.get(i));
      }
    }
    CocoGroundTruth gtYolo = YoloDataset.readGroundTruth(gtDir, images, names);
    CocoResults predYolo = YoloDataset.readResults(predDir, images, names);
    CocoResults predCoco = CocoJson.readResults(predJson);
    assertThat(predYolo.size()).isEqualTo(predCoco.size());
    assertThat(gtYolo.size()).isEqualTo(gtBoxes.stream().mapToInt(b -> b.length / 4).sum());

    // COCO ground truth built directly from the corners (xyxy -> xywh, area = w * h)
    int total = gtYolo.size();
    long[] ids = new long[total];
    int[] gi = new int[total];
    int[] gcat = new int[total];
    double[] gxywh = new double[4 * total];
    double[] garea = new double[total];
    int n = 0;
    for (int i = 0; i < nImg; i++) {
      float[] b = gtBoxes.get(i);
      for (int j = 0; j < b.length / 4; j++) {
        ids[n] = n + 1;
        gi[n] = i + 1;
        gcat[n] = gtCls.get(i)[j] + 1;
        gxywh[4 * n] = b[4 * j];
        gxywh[4 * n + 1] = b[4 * j + 1];
        gxywh[4 * n + 2] = b[4 * j + 2] - b[4 * j];
        gxywh[4 * n + 3] = b[4 * j + 3] - b[4 * j + 1];
        garea[n] = gxywh[4 * n + 2] * gxywh[4 * n + 3];
        n++;
      }
    }
    CocoGroundTruth gtCoco = new CocoGroundTruth(images,
        List.of(new Category(1, "a"), new Category(2, "b"), new Category(3, "c")),
        ids, gi, gcat, gxywh, garea, new boolean[total]);
    CocoEvaluation viaYolo = CocoEvaluator.evaluate(gtYolo,
        ResultsAlignment.align(gtYolo, predYolo).results());
    CocoEvaluation viaCoco = CocoEvaluator.evaluate(gtCoco,
        ResultsAlignment.align(gtCoco, predCoco).results());
    assertThat(viaYolo.stats()).isEqualTo(viaCoco.stats());
    assertThat(viaYolo.stats().ap()).isBetween(0.05, 0.95);
    // and the ground truth boxes are exactly the corners written
    assertThat(gtYolo.bboxes()[0]).isEqualTo(gtBoxes.stream().filter(b -> b.length > 0)
        .findFirst().orElseThrow()[0]);
  }

  @Test
  void predictionsNeedConfidence() throws Exception {
    Path p = dir.resolve("p");
    YoloTxt.writeLabels(p.resolve("a.txt"),
        Detections.of(new float[] {0, 0, 5, 5}, new float[] {0.5f}, new int[] {0}), 10, 10);
    assertThatThrownBy(() -> YoloDataset.readResults(p, List.of(new ImageInfo(1, "a.png", 10, 10)),
        List.of())).isInstanceOf(DatasetFormatException.class).hasMessageContaining("a.txt")
        .hasMessageContaining("confidence");
  }
}
