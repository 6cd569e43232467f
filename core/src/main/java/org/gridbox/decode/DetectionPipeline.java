package org.gridbox.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gridbox.geom.Letterbox;
import org.gridbox.nms.Nms;

/**
 * The one post-processing path: decode every head → score threshold → (top {@code maxCandidates})
 * → NMS (per class or agnostic) → at most {@code maxDetections} → boxes mapped back through the
 * {@link Letterbox} used for preprocessing and clipped to the original image.
 *
 * <p>An instance holds its candidate buffer, so it is <b>not thread-safe</b>: use one per thread
 * (it is cheap) or call the static {@link #finish} with your own {@link Candidates}.
 *
 * <p>Example (YOLOv8 ONNX, 80 classes, 640×640):
 *
 * <pre>{@code
 * Letterbox lb = Letterbox.centered(image.width(), image.height(), 640, 640);
 * DetectionPipeline p = new DetectionPipeline(List.of(new YoloV8Decoder(80, 640, 640)),
 *     PipelineOptions.ultralyticsDefaults().withIouThreshold(0.7f));
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
    if (heads == null || heads.isEmpty() || options == null) {
      throw new IllegalArgumentException("need at least one decoder and non-null options");
    }
    int outs = 0;
    Decoder first = heads.get(0);
    for (Decoder d : heads) {
      if (d.inputWidth() != first.inputWidth() || d.inputHeight() != first.inputHeight()) {
        throw new IllegalArgumentException("decoders disagree on the input size: "
            + first.inputWidth() + "x" + first.inputHeight() + " vs " + d.inputWidth() + "x"
            + d.inputHeight());
      }
      outs += d.outputCount();
    }
    this.heads = List.copyOf(heads);
    this.options = options;
    this.totalOutputs = outs;
  }

  /** The options. */
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
    if (outputs.size() != totalOutputs) {
      throw new IllegalArgumentException("the decoders read " + totalOutputs
          + " raw output(s), got " + outputs.size());
    }
    Decoder first = heads.get(0);
    if (letterbox.targetWidth() != first.inputWidth()
        || letterbox.targetHeight() != first.inputHeight()) {
      throw new IllegalArgumentException("letterbox target " + letterbox.targetWidth() + "x"
          + letterbox.targetHeight() + " differs from the network input " + first.inputWidth()
          + "x" + first.inputHeight());
    }
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
   * The steps after decoding: top {@code maxCandidates}, NMS, cap, map back to original pixels.
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
    if (n > options.maxCandidates()) {
      int[] top = topK(scores, options.maxCandidates());
      boxes = gatherBoxes(boxes, top);
      scores = gather(scores, top);
      classIds = gather(classIds, top);
    }
    int[] keep = options.nmsMode() == NmsMode.PER_CLASS
        ? Nms.batched(boxes, scores, classIds, options.iouThreshold())
        : Nms.hard(boxes, scores, options.iouThreshold());
    int k = Math.min(keep.length, options.maxDetections());
    float[] b = new float[4 * k];
    float[] s = new float[k];
    int[] c = new int[k];
    for (int j = 0; j < k; j++) {
      int i = keep[j];
      System.arraycopy(boxes, 4 * i, b, 4 * j, 4);
      s[j] = scores[i];
      c[j] = classIds[i];
    }
    letterbox.toSource(b, k);
    return new Detections(b, s, c);
  }

  /** Indices of the {@code k} highest scores, in input order (ties at the cut: earliest first). */
  private static int[] topK(float[] scores, int k) {
    float[] sorted = scores.clone();
    Arrays.sort(sorted);
    float kth = sorted[scores.length - k];
    int above = 0;
    for (float v : scores) {
      if (v > kth) {
        above++;
      }
    }
    int tiesAllowed = k - above;
    int[] out = new int[k];
    int m = 0;
    for (int i = 0; i < scores.length && m < k; i++) {
      if (scores[i] > kth) {
        out[m++] = i;
      } else if (scores[i] == kth && tiesAllowed > 0) {
        out[m++] = i;
        tiesAllowed--;
      }
    }
    return out;
  }

  private static float[] gatherBoxes(float[] boxes, int[] idx) {
    float[] out = new float[4 * idx.length];
    for (int j = 0; j < idx.length; j++) {
      System.arraycopy(boxes, 4 * idx[j], out, 4 * j, 4);
    }
    return out;
  }

  private static float[] gather(float[] a, int[] idx) {
    float[] out = new float[idx.length];
    for (int j = 0; j < idx.length; j++) {
      out[j] = a[idx[j]];
    }
    return out;
  }

  private static int[] gather(int[] a, int[] idx) {
    int[] out = new int[idx.length];
    for (int j = 0; j < idx.length; j++) {
      out[j] = a[idx[j]];
    }
    return out;
  }
}
