package org.gridbox.decode;

import org.gridbox.detection.Detections;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gridbox.Check;
import org.gridbox.image.Letterbox;
import org.gridbox.nms.Nms;

/**
 * The one post-processing path every gridbox detector ends in: decode every head → score threshold
 * → (top {@code maxCandidates}) → NMS (per class or agnostic) → at most {@code maxDetections} →
 * boxes mapped back through the {@link Letterbox} used for preprocessing and clipped to the original
 * image. The few ways real models differ are named settings of {@link PipelineOptions}: which of two
 * equal scores NMS meets first ({@link PipelineOptions.TieOrder}) and where boxes are clipped
 * ({@link PipelineOptions.MapBack}). Decoders end in one per-candidate routine per family of score
 * layouts, with one rule for NaN and infinite values (see {@link Decoder}).
 *
 * <p>An instance holds its candidate buffer, so it is <b>not thread-safe</b>: use one per thread
 * (it is cheap) or call the static {@link #finish} with your own {@link Candidates}.
 *
 * <p>Example (YOLOv8 ONNX, 80 classes, 640×640):
 *
 * <pre>{@code
 * Letterbox lb = Letterbox.centered(image.width(), image.height(), 640, 640);
 * DetectionPipeline p = new DetectionPipeline(List.of(new YoloV8Decoder(80, 640, 640)),
 *     PipelineOptions.yolov8Defaults());
 * Detections d = p.run(List.of(new RawOutput(output, new int[] {1, 84, 8400})), lb);
 * }</pre>
 */
public final class DetectionPipeline {
  private final List<Decoder> heads;
  private final PipelineOptions options;
  private final int totalOutputs;
  private final Candidates candidates = new Candidates(1024);

  /**
   * @param heads decoders, one per detection head (e.g. three {@link AnchorDecoder}s for YOLOv3);
   *     all must share the same network input size
   * @param options thresholds and caps
   */
  public DetectionPipeline(List<Decoder> heads, PipelineOptions options) {
    Check.notNull(heads, "heads");
    Check.notNull(options, "options");
    Check.argument(!heads.isEmpty(), "need at least one decoder, got heads=%s", heads);
    int outs = 0;
    Decoder first = heads.get(0);
    for (Decoder d : heads) {
      if (d.inputWidth() != first.inputWidth() || d.inputHeight() != first.inputHeight()) {
        throw Check.failure("decoders disagree on the input size: %sx%s vs %sx%s",
            first.inputWidth(), first.inputHeight(), d.inputWidth(), d.inputHeight());
      }
      outs += d.outputCount();
    }
    this.heads = List.copyOf(heads);
    this.options = options;
    this.totalOutputs = outs;
  }

  /** {@return the options} */
  public PipelineOptions options() {
    return options;
  }

  /**
   * Runs the whole post-processing.
   *
   * @param outputs raw tensors of all heads, in head order ({@link Decoder#outputCount()} each)
   * @param letterbox the transform used to make the network input; its target size must equal the
   *     decoders' input size
   * @return detections in original-image pixels, score descending (per-class NMS: sorted by score
   *     over all classes)
   */
  public Detections run(List<RawOutput> outputs, Letterbox letterbox) {
    Check.argument(outputs.size() == totalOutputs, "the decoders read %s raw output(s), got %s",
        totalOutputs, outputs.size());
    Decoder first = heads.get(0);
    Check.argument(!(letterbox.targetWidth() != first.inputWidth() || letterbox.targetHeight() != first.inputHeight()),
        "letterbox target %sx%s differs from the network input %sx%s", letterbox.targetWidth(),
        letterbox.targetHeight(), first.inputWidth(), first.inputHeight());
    candidates.clear();
    int o = 0;
    for (Decoder d : heads) {
      List<RawOutput> mine = new ArrayList<>(outputs.subList(o, o + d.outputCount()));
      d.decode(mine, options.scoreThreshold(), options.classSelection(), candidates);
      o += d.outputCount();
    }
    return finish(candidates, letterbox, options);
  }

  /**
   * The steps after decoding: top {@code maxCandidates}, NMS, cap, map back to original pixels, with
   * the options' {@link PipelineOptions.TieOrder tie order} and {@link PipelineOptions.MapBack way
   * back}.
   *
   * @param candidates decoded candidates in network-input pixels (not modified)
   * @param letterbox the preprocessing transform
   * @param options IoU threshold, NMS mode, caps (the score threshold was applied by the decoders)
   * @return detections in original-image pixels, score descending
   */
  public static Detections finish(Candidates candidates, Letterbox letterbox,
      PipelineOptions options) {
    int n = candidates.size();
    if (n == 0) {
      return Detections.empty();
    }
    float[] boxes = Arrays.copyOf(candidates.boxes(), 4 * n);
    float[] scores = Arrays.copyOf(candidates.scores(), n);
    int[] classIds = Arrays.copyOf(candidates.classIds(), n);
    if (options.tieOrder() == PipelineOptions.TieOrder.LATER_FIRST) {
      reverse(boxes, scores, classIds, n); // NMS keeps input order on equal scores
    }
    PipelineOptions.MapBack mapBack = options.mapBack();
    if (mapBack == PipelineOptions.MapBack.UNCLIPPED_BEFORE_NMS) {
      letterbox.toSourceUnclipped(boxes, n);
    }
    int[] keep = Nms.apply(boxes, scores, classIds, options.nmsOptions());
    int k = keep.length;
    float[] b = new float[4 * k];
    float[] s = new float[k];
    int[] c = new int[k];
    for (int j = 0; j < k; j++) {
      int i = keep[j];
      System.arraycopy(boxes, 4 * i, b, 4 * j, 4);
      s[j] = scores[i];
      c[j] = classIds[i];
    }
    switch (mapBack) {
      case CLIP_TO_IMAGE -> letterbox.toSource(b, k);
      case CLAMP_TO_NETWORK_INPUT -> {
        float w = letterbox.targetWidth();
        float h = letterbox.targetHeight();
        for (int o = 0; o < 4 * k; o += 4) {
          b[o] = Math.max(0f, b[o]);
          b[o + 1] = Math.max(0f, b[o + 1]);
          b[o + 2] = Math.min(w, b[o + 2]);
          b[o + 3] = Math.min(h, b[o + 3]);
        }
        letterbox.toSourceUnclipped(b, k);
      }
      case UNCLIPPED_BEFORE_NMS -> { } // mapped before NMS
    }
    return Detections.wrap(b, s, c);
  }

  private static void reverse(float[] boxes, float[] scores, int[] classIds, int n) {
    float[] t = new float[4];
    for (int i = 0, j = n - 1; i < j; i++, j--) {
      System.arraycopy(boxes, 4 * i, t, 0, 4);
      System.arraycopy(boxes, 4 * j, boxes, 4 * i, 4);
      System.arraycopy(t, 0, boxes, 4 * j, 4);
      float s = scores[i];
      scores[i] = scores[j];
      scores[j] = s;
      int c = classIds[i];
      classIds[i] = classIds[j];
      classIds[j] = c;
    }
  }
}
