package org.gridbox.decode;

import org.gridbox.detection.Detections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gridbox.geom.Box;
import org.gridbox.image.Letterbox;
import org.gridbox.nms.NmsScope;
import org.junit.jupiter.api.Test;

/** The named settings of the one post-processing path, and the Darknet-rows decoder that feeds it. */
class PipelineSettingsTest {

  private static PipelineOptions agnostic(PipelineOptions.TieOrder tie, PipelineOptions.MapBack m) {
    return new PipelineOptions(0.1f, 0.5f, NmsScope.AGNOSTIC, ClassSelection.BEST_CLASS, 100, 100,
        tie, m);
  }

  @Test
  void tieOrderDecidesWhichOfTwoEqualScoresSurvives() {
    Candidates c = new Candidates();
    c.add(10, 10, 20, 20, 0.7f, 3, 0); // same box, same score, told apart by the class id
    c.add(10, 10, 20, 20, 0.7f, 5, 1);
    Letterbox identity = Letterbox.stretch(64, 64, 64, 64);
    Detections earlier = DetectionPipeline.finish(c, identity,
        agnostic(PipelineOptions.TieOrder.EARLIER_FIRST, PipelineOptions.MapBack.CLIP_TO_IMAGE));
    Detections later = DetectionPipeline.finish(c, identity,
        agnostic(PipelineOptions.TieOrder.LATER_FIRST, PipelineOptions.MapBack.CLIP_TO_IMAGE));
    assertThat(earlier.size()).isEqualTo(1);
    assertThat(earlier.classId(0)).isEqualTo(3);
    assertThat(later.size()).isEqualTo(1);
    assertThat(later.classId(0)).isEqualTo(5);
  }

  @Test
  void mapBackClipsWhereItSays() {
    // 100x50 image padded to a 100x100 square, network 50x50: network x maps by 2, y by 2.
    Letterbox lb = Letterbox.padToSquare(100, 50, 50);
    Candidates c = new Candidates();
    c.add(-5, 10, 55, 60, 0.9f, 0, 0); // sticks out of the network input on three sides
    Detections image = DetectionPipeline.finish(c, lb,
        agnostic(PipelineOptions.TieOrder.EARLIER_FIRST, PipelineOptions.MapBack.CLIP_TO_IMAGE));
    assertThat(image.box(0)).isEqualTo(new Box(0, 20, 100, 50));
    Detections network = DetectionPipeline.finish(c, lb, agnostic(
        PipelineOptions.TieOrder.EARLIER_FIRST, PipelineOptions.MapBack.CLAMP_TO_NETWORK_INPUT));
    assertThat(network.box(0)).isEqualTo(new Box(0, 20, 100, 100));
    Detections none = DetectionPipeline.finish(c, lb, agnostic(
        PipelineOptions.TieOrder.EARLIER_FIRST, PipelineOptions.MapBack.UNCLIPPED_BEFORE_NMS));
    assertThat(none.box(0)).isEqualTo(new Box(-10, 20, 110, 120));
  }

  @Test
  void darknetRowsAreNormalisedToTheGivenSizeAndFollowTheOneRule() {
    // rows [cx, cy, w, h, objectness, class 0, class 1], normalised to a 200x100 image
    float[] rows = {
        0.5f, 0.5f, 0.2f, 0.4f, 0.9f, Float.NaN, 0.8f, // NaN class 0: class 1 still counts
        0.5f, 0.5f, -0.1f, 0.4f, 0.9f, 0.9f, 0f,       // negative width: dropped
        0.25f, 0.5f, 0.1f, 0.2f, 0.9f, 0.05f, 0.05f};  // below the threshold
    Candidates out = new Candidates();
    new DarknetRowsDecoder(2, 200, 100).decode(rows, new int[] {3, 7}, 0.25f,
        ClassSelection.BEST_CLASS, out);
    assertThat(out.size()).isEqualTo(1);
    assertThat(out.classIds()[0]).isEqualTo(1);
    assertThat(out.scores()[0]).isEqualTo(0.8f);
    assertThat(out.boxes()).startsWith(80f, 30f, 120f, 70f);
    assertThatThrownBy(() -> new DarknetRowsDecoder(3, 200, 100).decode(rows, new int[] {3, 7},
        0.25f, ClassSelection.BEST_CLASS, new Candidates()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[3, 7]").hasMessageContaining("C=3");
  }
}
