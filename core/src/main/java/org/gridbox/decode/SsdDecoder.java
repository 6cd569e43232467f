package org.gridbox.decode;

import java.util.List;
import org.gridbox.Check;

/**
 * Decodes an SSD head against its priors.
 *
 * <p><b>Raw layout read:</b> two tensors, in this order: locations {@code [1, P, 4]} (or
 * {@code [1, 4P]}), four regression values per prior in the {@link SsdBoxCoder}'s
 * {@link DeltaOrder}; confidences {@code [1, P, K]} (or {@code [1, P·K]}), {@code K =
 * scores.channels()} logits per prior (pre-softmax / pre-sigmoid). Prior {@code p}'s values are
 * contiguous, in the order of {@link PriorBoxes} (Caffe's concatenated {@code mbox_loc} /
 * {@code mbox_conf}, TF's NHWC predictor outputs flattened per layer and concatenated).
 *
 * <p><b>Decoding:</b> boxes by {@link SsdBoxCoder#decode} (centre-size with variances), scores by
 * {@link SsdScores} (softmax with background or sigmoid). Nothing is clipped.
 *
 * <p><b>Returned space:</b> {@code xyxy} in network-input pixels (normalised coordinates times
 * {@code inputWidth}/{@code inputHeight}); order prior, then class; source index = prior index.
 */
public final class SsdDecoder implements Decoder {
  private final PriorBoxes priors;
  private final SsdBoxCoder coder;
  private final SsdScores scores;
  private final int inputWidth;
  private final int inputHeight;

  /**
   * @param priors P priors
   * @param coder box coding (variances, delta order)
   * @param scores how to read the confidence output
   * @param inputWidth network input width, pixels
   * @param inputHeight network input height, pixels
   */
  public SsdDecoder(PriorBoxes priors, SsdBoxCoder coder, SsdScores scores, int inputWidth,
      int inputHeight) {
    Check.notNull(priors, "priors");
    Check.notNull(coder, "coder");
    Check.notNull(scores, "scores");
    Check.argument(!(inputWidth <= 0 || inputHeight <= 0), "input size must be positive, got %sx%s",
        inputWidth, inputHeight);
    this.priors = priors;
    this.coder = coder;
    this.scores = scores;
    this.inputWidth = inputWidth;
    this.inputHeight = inputHeight;
  }

  /** {@return the priors} */
  public PriorBoxes priors() {
    return priors;
  }

  @Override
  public int numClasses() {
    return scores.numClasses();
  }

  @Override
  public int inputWidth() {
    return inputWidth;
  }

  @Override
  public int inputHeight() {
    return inputHeight;
  }

  @Override
  public int outputCount() {
    return 2;
  }

  @Override
  public void decode(List<RawOutput> outputs, float scoreThreshold, ClassSelection selection,
      Candidates out) {
    ShapeCheck.requireCount("SsdDecoder", 2, outputs.size());
    RawOutput loc = outputs.get(0);
    RawOutput conf = outputs.get(1);
    decode(loc.data(), loc.shape(), conf.data(), conf.shape(), scoreThreshold, selection, out);
  }

  /**
   * Decodes; see the class javadoc for the layouts and the returned space.
   *
   * @param locations {@code float[4P]}
   * @param locationShape {@code [1, P, 4]} or {@code [1, 4P]} (leading 1s optional)
   * @param confidences {@code float[P·K]}
   * @param confidenceShape {@code [1, P, K]} or {@code [1, P·K]} (leading 1s optional)
   * @param scoreThreshold keep (prior, class) with score {@code > scoreThreshold}, in [0, 1)
   * @param selection best class or every class above the threshold
   * @param out buffer to append to
   */
  public void decode(float[] locations, int[] locationShape, float[] confidences,
      int[] confidenceShape, float scoreThreshold, ClassSelection selection, Candidates out) {
    int n = priors.count();
    int k = scores.channels();
    String locLayout = "SSD locations [P, 4] with P=" + n + " priors";
    if (!ShapeCheck.matches(locationShape, new int[] {4 * n})) {
      ShapeCheck.require("SsdDecoder", locLayout, locationShape, new int[] {1, n, 4});
    }
    String confLayout = "SSD confidences [P, K] with P=" + n + " priors, K=" + k + " channels";
    if (!ShapeCheck.matches(confidenceShape, new int[] {n * k})) {
      ShapeCheck.require("SsdDecoder", confLayout, confidenceShape, new int[] {1, n, k});
    }
    Check.argument(!(locations.length != 4 * n || confidences.length != n * k),
        "data lengths %s, %s disagree with shapes", locations.length, confidences.length);
    ShapeCheck.requireThreshold(scoreThreshold);
    double[] probs = new double[scores.numClasses()];
    double[] box = new double[4];
    float[] xyxy = new float[4];
    int first = scores.firstClassChannel();
    for (int p = 0; p < n; p++) {
      int base = p * k;
      if (scores.activation() == ClassActivation.SIGMOID) {
        for (int c = 0; c < probs.length; c++) {
          probs[c] = Sigmoid.of(confidences[base + first + c]);
        }
      } else {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          max = Math.max(max, confidences[base + c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
          sum += Math.exp(confidences[base + c] - max);
        }
        for (int c = 0; c < probs.length; c++) {
          probs[c] = Math.exp(confidences[base + first + c] - max) / sum;
        }
      }
      boolean any = false;
      for (double pr : probs) {
        if ((float) pr > scoreThreshold) {
          any = true;
          break;
        }
      }
      if (!any) {
        continue;
      }
      coder.decode(locations, 4 * p, priors, p, box, 0);
      xyxy[0] = (float) (box[0] * inputWidth);
      xyxy[1] = (float) (box[1] * inputHeight);
      xyxy[2] = (float) (box[2] * inputWidth);
      xyxy[3] = (float) (box[3] * inputHeight);
      if (!CandidateEmitter.validBox(xyxy)) {
        continue;
      }
      CandidateEmitter.fromProbabilities(probs, 1.0, scoreThreshold, selection, xyxy, p, out);
    }
  }
}
