package org.gridbox.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gridbox.detection.Detections;
import org.gridbox.image.Letterbox;
import org.gridbox.nms.NmsScope;
import org.junit.jupiter.api.Test;

class PipelineOptionsTest {

  @Test
  void yolov8AndYolov5DefaultsAreTheUltralyticsValues() {
    // ultralytics/cfg/default.yaml: iou 0.7, max_det 300, predict conf 0.25; ops.py max_nms 30000
    PipelineOptions v8 = PipelineOptions.yolov8Defaults();
    assertThat(v8.scoreThreshold()).isEqualTo(0.25f);
    assertThat(v8.iouThreshold()).isEqualTo(0.7f);
    assertThat(v8.maxDetections()).isEqualTo(300);
    assertThat(v8.maxCandidates()).isEqualTo(30_000);
    assertThat(v8.nmsScope()).isEqualTo(NmsScope.PER_CLASS);
    assertThat(v8.classSelection()).isEqualTo(ClassSelection.BEST_CLASS);
    // yolov5 detect.py: conf_thres 0.25, iou_thres 0.45, max_det 1000; max_nms 30000
    PipelineOptions v5 = PipelineOptions.yolov5Defaults();
    assertThat(v5.scoreThreshold()).isEqualTo(0.25f);
    assertThat(v5.iouThreshold()).isEqualTo(0.45f);
    assertThat(v5.maxDetections()).isEqualTo(1000);
    assertThat(v5.maxCandidates()).isEqualTo(30_000);
    assertThat(v5.nmsScope()).isEqualTo(NmsScope.PER_CLASS);
  }

  @Test
  void anOverlapOfAboutSixTenthsSeparatesTheTwo() {
    // Two same-class boxes 100x100, the second shifted 25 px: IoU = 75·100 / (2·10000 − 7500) = 0.6,
    // above YOLOv5's 0.45 (suppressed) and below YOLOv8's 0.7 (kept).
    float[] raw = DetectionPipelineTest.yolov8(2, new float[][] {
        {320, 320, 100, 100, 0.9f, 0}, {345, 320, 100, 100, 0.8f, 0}});
    Letterbox identity = Letterbox.stretch(640, 640, 640, 640);
    Detections v8 = new DetectionPipeline(List.of(new YoloV8Decoder(2, 640, 640)),
        PipelineOptions.yolov8Defaults()).run(List.of(new RawOutput(raw, new int[] {1, 6, 2})), identity);
    Detections v5 = new DetectionPipeline(List.of(new YoloV8Decoder(2, 640, 640)),
        PipelineOptions.yolov5Defaults()).run(List.of(new RawOutput(raw, new int[] {1, 6, 2})), identity);
    assertThat(v8.size()).isEqualTo(2);
    assertThat(v5.size()).isEqualTo(1);
  }
}
