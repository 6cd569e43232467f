package org.gridbox.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.gridbox.decode.ClassSelection;
import org.gridbox.decode.Decoder;
import org.gridbox.decode.DetectionPipeline;
import org.gridbox.detection.Detections;
import org.gridbox.decode.DistributionDecoder;
import org.gridbox.nms.NmsScope;
import org.gridbox.decode.PipelineOptions;
import org.gridbox.decode.RawOutput;
import org.gridbox.image.Letterbox;
import org.gridbox.image.FloatImage;
import org.gridbox.nn.tfjs.TfjsResize;

/**
 * NanoDet's preprocessing and post-processing around the network, independent of how the network
 * is run.
 *
 * <p><b>Preprocessing:</b> stretch the RGB 0..255 image to {@code S × S} with TF's legacy bilinear
 * resize ({@link TfjsResize}, no half-pixel centres), reorder to B, G, R, then
 * {@code x = (x − mean) / std} in float32 (subtract, then divide) with mean (103.53, 116.28, 123.675)
 * and std (57.375, 57.12, 58.395) in B, G, R order; NCHW {@code [1, 3, S, S]}.
 *
 * <p><b>Post-processing:</b> per level (stride 8, 16, 32 …) a pair of outputs, class scores
 * {@code [1, A, C]} (sigmoid already applied in the graph) and box logits {@code [1, A, 4·B]}, is
 * decoded by {@link DistributionDecoder#nanoDet} (integral rule, {@code nms_pre} 1000, boxes clamped
 * to the input), every class above the threshold is a candidate, then the one pipeline
 * ({@link DetectionPipeline}): per-class greedy NMS (IoU strictly above the threshold suppresses,
 * torchvision arithmetic, stable score order), at most {@code maxDetections}, boxes mapped back by
 * {@code x·W/S}, {@code y·H/S}.
 */
public final class NanoDetHead {
  /** Per-channel mean in B, G, R order (float32 constants, as in the reference). */
  static final float[] MEAN_BGR = {103.53f, 116.28f, 123.675f};
  /** Per-channel standard deviation in B, G, R order. */
  static final float[] STD_BGR = {57.375f, 57.12f, 58.395f};

  private NanoDetHead() {}

  /**
   * Writes the network input for {@code image}.
   *
   * @param image RGB 0..255, HWC
   * @param size network input side {@code S}
   * @param out {@code float[3·S·S]}, NCHW (B, G, R planes), overwritten
   */
  public static void preprocess(FloatImage image, int size, float[] out) {
    if (image == null || out == null || out.length != 3 * size * size) {
      throw new IllegalArgumentException("need an image and out of length 3*S*S with S = " + size
          + ", got " + (out == null ? "null" : out.length));
    }
    float[] r = TfjsResize.bilinear(image.rgb(), 1, image.height(), image.width(), 3, size, size,
        false, false);
    int plane = size * size;
    for (int ch = 0; ch < 3; ch++) {
      int src = 2 - ch; // B, G, R from R, G, B
      float m = MEAN_BGR[ch];
      float s = STD_BGR[ch];
      int o = ch * plane;
      for (int i = 0; i < plane; i++) {
        out[o + i] = (r[3 * i + src] - m) / s;
      }
    }
  }

  /**
   * Decodes NanoDet's outputs to detections in image pixels.
   *
   * @param outputs the score and logit tensors of every level, in any order: scores
   *     {@code [1, A, C]}, logits {@code [1, A, 4·B]} (levels are paired by {@code A} and ordered by
   *     decreasing {@code A}, i.e. increasing stride {@code S / sqrt(A)})
   * @param numClasses C (tells the score tensors from the logit tensors)
   * @param inputSize network input side S (square)
   * @param imageWidth original width W
   * @param imageHeight original height H
   * @param options thresholds and cap
   * @return detections, score descending (ties: level, anchor, class order)
   * @throws IllegalArgumentException if the outputs do not form such pairs on square grids
   */
  public static Detections decode(List<RawOutput> outputs, int numClasses, int inputSize,
      int imageWidth, int imageHeight, NanoDet.Options options) {
    return pipeline(outputs, numClasses, inputSize, options).run(orderedOutputs(outputs, numClasses),
        Letterbox.stretch(imageWidth, imageHeight, inputSize, inputSize));
  }

  /** The post-processing settings of NanoDet v0.x at the given thresholds. */
  static PipelineOptions pipelineOptions(NanoDet.Options o) {
    return new PipelineOptions((float) o.scoreThreshold(), (float) o.iouThreshold(),
        NmsScope.PER_CLASS, ClassSelection.EVERY_CLASS_ABOVE_THRESHOLD, Integer.MAX_VALUE,
        o.maxDetections());
  }

  private static DetectionPipeline pipeline(List<RawOutput> outputs, int numClasses, int inputSize,
      NanoDet.Options options) {
    List<RawOutput> ordered = orderedOutputs(outputs, numClasses);
    List<Decoder> levels = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i += 2) {
      int[] s = ordered.get(i).shape();
      int[] b = ordered.get(i + 1).shape();
      int a = s[s.length - 2];
      int grid = (int) Math.round(Math.sqrt(a));
      int logits = b[b.length - 1];
      if (grid * grid != a || inputSize % grid != 0 || logits % 4 != 0) {
        throw new IllegalArgumentException("NanoDet: a level with " + a + " anchors and " + logits
            + " box logits does not fit a square grid of a " + inputSize + "-pixel input with 4*B logits");
      }
      levels.add(DistributionDecoder.nanoDet(numClasses, logits / 4, inputSize / grid, grid, grid,
          inputSize, inputSize));
    }
    return new DetectionPipeline(levels, pipelineOptions(options));
  }

  /** Orders the outputs as (scores, logits) pairs by decreasing anchor count. */
  private static List<RawOutput> orderedOutputs(List<RawOutput> outputs, int numClasses) {
    List<RawOutput> scores = new ArrayList<>();
    List<RawOutput> logits = new ArrayList<>();
    for (RawOutput o : outputs) {
      int[] s = o.shape();
      if (s.length < 2 || (s.length == 3 && s[0] != 1) || s.length > 3) {
        throw new IllegalArgumentException("NanoDet: output shape " + Arrays.toString(s)
            + " is not [1, A, C] or [1, A, 4*B]");
      }
      (s[s.length - 1] == numClasses ? scores : logits).add(o);
    }
    Comparator<RawOutput> byAnchors = Comparator.comparingInt(o -> -o.shape()[o.shape().length - 2]);
    scores.sort(byAnchors);
    logits.sort(byAnchors);
    if (scores.isEmpty() || scores.size() != logits.size()) {
      throw new IllegalArgumentException("NanoDet: expected pairs of [1, A, " + numClasses
          + "] scores and [1, A, 4*B] logits, got " + scores.size() + " score and " + logits.size()
          + " other outputs");
    }
    List<RawOutput> out = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      int as = scores.get(i).shape()[scores.get(i).shape().length - 2];
      int al = logits.get(i).shape()[logits.get(i).shape().length - 2];
      if (as != al) {
        throw new IllegalArgumentException("NanoDet: score and logit outputs disagree on the anchor"
            + " counts: " + as + " vs " + al);
      }
      out.add(scores.get(i));
      out.add(logits.get(i));
    }
    return out;
  }
}
