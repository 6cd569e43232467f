package org.gridbox.decode;

import org.gridbox.detection.Detections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.gridbox.geom.Box;
import org.gridbox.image.Letterbox;
import org.gridbox.nms.NmsScope;
import org.junit.jupiter.api.Test;

class DetectionPipelineTest {

  static float[] yolov8(int n, float[][] cands) {
    float[] raw = new float[6 * n];
    for (int i = 0; i < cands.length; i++) {
      YoloV8DecoderTest.put(raw, n, i, cands[i][0], cands[i][1], cands[i][2], cands[i][3],
          cands[i][4], cands[i][5]);
    }
    return raw;
  }

  @Test
  void decodeNmsAndLetterboxBack() {
    // Image 1280x720 -> 640x640 centered: r = 0.5, resized 640x360, padTop = 140.
    // Candidates (network px, cx cy w h, class scores):
    //  A (320, 320, 100, 100) class 0 0.9
    //  B (330, 320, 100, 100) class 0 0.8  -> IoU with A = 90·100/(2·10000 − 9000) = 0.818 > 0.7
    //  C (330, 320, 100, 100) class 1 0.7  -> other class: survives per-class NMS
    //  D (100, 200, 20, 20)   class 1 0.2  -> below 0.25
    float[] raw = yolov8(8, new float[][] {
        {320, 320, 100, 100, 0.9f, 0}, {330, 320, 100, 100, 0.8f, 0},
        {330, 320, 100, 100, 0, 0.7f}, {100, 200, 20, 20, 0, 0.2f}});
    Letterbox lb = Letterbox.centered(1280, 720, 640, 640);
    DetectionPipeline p = new DetectionPipeline(List.of(new YoloV8Decoder(2, 640, 640)),
        PipelineOptions.yolov8Defaults());
    Detections d = p.run(List.of(new RawOutput(raw, new int[] {1, 6, 8})), lb);
    assertThat(d.size()).isEqualTo(2);
    // A: network (270, 270, 370, 370) -> original ((270)/0.5, (270−140)/0.5, ...) = (540, 260, 740, 460)
    assertThat(d.box(0)).isEqualTo(new Box(540, 260, 740, 460));
    assertThat(d.classId(0)).isZero();
    assertThat(d.score(0)).isEqualTo(0.9f);
    assertThat(d.box(1)).isEqualTo(new Box(560, 260, 760, 460));
    assertThat(d.classId(1)).isEqualTo(1);

    // Class-agnostic: C is suppressed by A too (same IoU 0.818).
    DetectionPipeline agnostic = new DetectionPipeline(List.of(new YoloV8Decoder(2, 640, 640)),
        PipelineOptions.yolov8Defaults().withNmsScope(NmsScope.AGNOSTIC));
    assertThat(agnostic.run(List.of(new RawOutput(raw, new int[] {1, 6, 8})), lb).size())
        .isEqualTo(1);

    // maxDetections 1 keeps the best only.
    DetectionPipeline one = new DetectionPipeline(List.of(new YoloV8Decoder(2, 640, 640)),
        PipelineOptions.yolov8Defaults().withMaxDetections(1));
    Detections d1 = one.run(List.of(new RawOutput(raw, new int[] {1, 6, 8})), lb);
    assertThat(d1.size()).isEqualTo(1);
    assertThat(d1.score(0)).isEqualTo(0.9f);
  }

  @Test
  void maxCandidatesKeepsTheTopScoresBeforeNms() {
    // Three disjoint boxes, scores 0.5, 0.9, 0.7; cap 2 -> the 0.9 and 0.7 ones.
    float[] raw = yolov8(3, new float[][] {
        {10, 10, 4, 4, 0.5f, 0}, {30, 30, 4, 4, 0.9f, 0}, {50, 50, 4, 4, 0.7f, 0}});
    PipelineOptions o = new PipelineOptions(0.25f, 0.5f, NmsScope.PER_CLASS,
        ClassSelection.BEST_CLASS, 2, 10);
    Detections d = new DetectionPipeline(List.of(new YoloV8Decoder(2, 64, 64)), o)
        .run(List.of(new RawOutput(raw, new int[] {1, 6, 3})), Letterbox.stretch(64, 64, 64, 64));
    assertThat(d.scores()).containsExactly(0.9f, 0.7f);
  }

  @Test
  void clipsToTheOriginalImage() {
    // A box reaching into the padding is clipped to the image: network (0..40, 120..160) with
    // padTop 140 -> original y from (120−140)/0.5 = −40 -> 0 to 40.
    float[] raw = yolov8(1, new float[][] {{20, 140, 40, 40, 0.9f, 0}});
    Detections d = new DetectionPipeline(List.of(new YoloV8Decoder(2, 640, 640)),
        PipelineOptions.yolov8Defaults())
        .run(List.of(new RawOutput(raw, new int[] {1, 6, 1})), Letterbox.centered(1280, 720, 640, 640));
    assertThat(d.box(0).y1()).isZero();
    assertThat(d.box(0).y2()).isCloseTo(40f, within(1e-4f));
  }

  @Test
  void rejectsALetterboxForAnotherInputSize() {
    DetectionPipeline p = new DetectionPipeline(List.of(new YoloV8Decoder(2, 640, 640)),
        PipelineOptions.yolov8Defaults());
    assertThatThrownBy(() -> p.run(List.of(new RawOutput(new float[6], new int[] {1, 6, 1})),
        Letterbox.centered(100, 100, 320, 320)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("320x320")
        .hasMessageContaining("640x640");
  }
}
