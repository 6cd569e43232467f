package org.gridbox.loss;

import java.util.Arrays;
import org.gridbox.Check;
import org.gridbox.decode.PriorBoxes;
import org.gridbox.decode.PriorMatcher;
import org.gridbox.decode.SsdBoxCoder;

/**
 * The SSD MultiBox loss (Liu et al. 2016; Caffe SSD and ssd.pytorch semantics) for one image, in
 * numbered steps:
 *
 * <ol>
 *   <li><b>Match</b> ground truth to priors with {@link PriorMatcher#match} (each prior takes its
 *       best ground truth if IoU ≥ the threshold; each ground truth's best prior is forced to it).
 *       Matched priors are <i>positives</i>; N is their number.
 *   <li><b>Encode</b> each positive's ground truth against its prior with {@link
 *       SsdBoxCoder#encodeMatched} (the regression targets).
 *   <li><b>Localisation</b>: smooth L1 (β = 1, {@link SmoothL1#CLASSIC}) between predicted and
 *       encoded offsets, summed over the 4 values of every positive.
 *   <li><b>Hard-negative mining</b>: every negative prior's background loss {@code −log softmax(z)_0}
 *       is ranked, largest first (lower prior index first on ties); the top {@code k =
 *       min(negativesPerPositive · N, number of negatives)} are kept.
 *   <li><b>Confidence</b>: softmax cross-entropy ({@link CrossEntropy#standard()}) summed over the
 *       positives (target: their ground truth's label) and the mined negatives (target: background,
 *       class 0). Other negatives contribute nothing.
 *   <li><b>Total</b> {@code = (localisation + confidence) / N}.
 * </ol>
 *
 * <p><b>No positives</b> (no ground truth): nothing is mined ({@code k = 3·0}) and the loss and
 * both gradients are 0, never 0/0 = NaN.
 *
 * <p>The matching and the set of mined negatives are piecewise constant in the inputs; the gradient
 * is that of the loss with them fixed, as in every SSD implementation.
 *
 * <p><b>Batches.</b> This computes one image. ssd.pytorch divides by the positives of the whole
 * batch: the batch loss is {@code Σ (localization + confidence) / Σ positives} over the images'
 * {@link Result}s, and each image's gradients must then be multiplied by {@code positives /
 * Σ positives} (they are scaled by this image's {@code 1/N}).
 *
 * @param matchThreshold IoU at or above which a prior is positive (0.5 in SSD), in {@code [0, 1]}
 * @param negativesPerPositive negatives kept per positive (3 in SSD), {@code >= 0}
 * @param coder box coding of the regression targets (variances, value order)
 */
public record MultiBoxLoss(float matchThreshold, int negativesPerPositive, SsdBoxCoder coder) {

  /**
   * Validates the parameters.
   *
   * @param matchThreshold IoU at or above which a prior is positive (0.5 in SSD), in {@code [0, 1]}
   * @param negativesPerPositive negatives kept per positive (3 in SSD), {@code >= 0}
   * @param coder box coding of the regression targets (variances, value order)
   */
  public MultiBoxLoss {
    Check.argument(matchThreshold >= 0f && matchThreshold <= 1f,
        "matchThreshold must be in [0, 1], got %s", matchThreshold);
    Check.argument(!(negativesPerPositive < 0), "negativesPerPositive must be >= 0, got %s",
        negativesPerPositive);
    LossArguments.requireNonNull("coder", coder);
  }

  /**
   * SSD's settings: threshold 0.5, 3 negatives per positive, Caffe variances 0.1, 0.1, 0.2, 0.2.
   *
   * @return the loss with these settings
   */
  public static MultiBoxLoss ssd() {
    return new MultiBoxLoss(0.5f, 3, SsdBoxCoder.caffe());
  }

  /**
   * The loss's parts and what matching and mining chose.
   *
   * @param total {@code (localization + confidence) / positives}, 0 without positives
   * @param localization step 3, summed (not divided by N)
   * @param confidence step 5, summed (not divided by N)
   * @param positives N, the number of matched priors
   * @param matches {@code int[P]}: ground-truth index per prior, −1 for background
   * @param minedNegatives prior indices of the mined negatives, hardest first
   */
  public record Result(double total, double localization, double confidence, int positives,
      int[] matches, int[] minedNegatives) {}

  /**
   * Computes the loss for one image and its gradients.
   *
   * <p>Performance note: allocates {@code O(P·(G + K))} scratch (the matcher's G×P IoU matrix, encoded
   * targets, the background losses and the gathered rows of positives and mined negatives).
   *
   * @param locations {@code float[4P]}: predicted offsets per prior, in {@code coder.order()}
   * @param confidences {@code float[P·K]}: class logits per prior, row-major, {@code K = C + 1}
   *     with class 0 the background
   * @param priors the P priors (normalised xyxy)
   * @param truthBoxes {@code float[4G]} ground truth, normalised xyxy like the priors, positive
   *     width and height
   * @param truthLabels {@code int[G]}, each in {@code [1, K)} (0 is the background)
   * @param gradLocations output or {@code null} when not wanted (then a scratch array is allocated), {@code float[4P]}: d total / d locations, overwritten
   * @param gradConfidences output or {@code null} when not wanted (then a scratch array is allocated), {@code float[P·K]}: d total / d confidences, overwritten
   * @return the loss, its parts, the matches and the mined negatives
   * @throws IllegalArgumentException for lengths that disagree, labels out of range or invalid
   *     boxes
   */
  public Result forward(float[] locations, float[] confidences, PriorBoxes priors,
      float[] truthBoxes, int[] truthLabels, float[] gradLocations, float[] gradConfidences) {
    LossArguments.requireNonNull("priors", priors);
    int p = priors.count();
    LossArguments.requireLength("locations", locations, 4 * p, "4·P with P=" + p);
    gradLocations = LossArguments.orScratch(gradLocations, 4 * p);
    LossArguments.requireLength("gradLocations", gradLocations, 4 * p, "4·P with P=" + p);
    LossArguments.requireNonNull("confidences", confidences);
    Check.argument(!(p == 0 || confidences.length % p != 0 || confidences.length / p < 2),
        "confidences.length must be P·K with P=%s and K >= 2 (background + classes), got %s", p,
        confidences.length);
    int k = confidences.length / p;
    gradConfidences = LossArguments.orScratch(gradConfidences, p * k);
    LossArguments.requireLength("gradConfidences", gradConfidences, p * k, "P·K");
    LossArguments.requireNonNull("truthBoxes", truthBoxes);
    LossArguments.requireNonNull("truthLabels", truthLabels);
    Check.argument(truthBoxes.length == 4 * truthLabels.length,
        "truthBoxes.length must be 4 * truthLabels.length, got truthBoxes.length=%s, truthLabels.length=%s",
        truthBoxes.length, truthLabels.length);
    for (int g = 0; g < truthLabels.length; g++) {
      if (truthLabels[g] < 1 || truthLabels[g] >= k) {
        throw Check.failure("truthLabels[%s] must be in [1, %s) (0 is the background), got %s", g,
            k, truthLabels[g]);
      }
      float w = truthBoxes[4 * g + 2] - truthBoxes[4 * g];
      float h = truthBoxes[4 * g + 3] - truthBoxes[4 * g + 1];
      if (!(w > 0f && h > 0f) || !Float.isFinite(w) || !Float.isFinite(h)) {
        throw Check.failure("truth box %s must be finite with positive width and height, got width=%s, height=%s",
            g, w, h);
      }
    }
    for (int i = 0; i < confidences.length; i++) {
      if (!(Float.isFinite(confidences[i]))) {
        throw Check.failure("confidences[%s] must be finite, got %s", i, confidences[i]);
      }
    }

    // step 1: match
    int[] matches = PriorMatcher.match(truthBoxes, priors, matchThreshold);
    // step 2: encode the matched ground truth (background rows are 0 and unused)
    float[] encoded = new float[4 * p];
    coder.encodeMatched(truthBoxes, matches, priors, encoded);

    Arrays.fill(gradLocations, 0f);
    Arrays.fill(gradConfidences, 0f);
    int positives = 0;
    for (int i = 0; i < p; i++) {
      if (matches[i] >= 0) {
        positives++;
      }
    }
    if (positives == 0) {
      return new Result(0.0, 0.0, 0.0, 0, matches, new int[0]);
    }
    double perPositive = 1.0 / positives;

    // step 3: localisation over the positives, gathered into [4N] rows
    float[] predicted = new float[4 * positives];
    float[] target = new float[4 * positives];
    int[] positiveIndex = new int[positives];
    for (int i = 0, n = 0; i < p; i++) {
      if (matches[i] >= 0) {
        positiveIndex[n] = i;
        System.arraycopy(locations, 4 * i, predicted, 4 * n, 4);
        System.arraycopy(encoded, 4 * i, target, 4 * n, 4);
        n++;
      }
    }
    float[] locGrad = new float[4 * positives];
    double localization = SmoothL1.CLASSIC.kernel(predicted, target, Reduction.SUM, null, locGrad);
    for (int n = 0; n < positives; n++) {
      for (int c = 0; c < 4; c++) {
        gradLocations[4 * positiveIndex[n] + c] = (float) (locGrad[4 * n + c] * perPositive);
      }
    }

    // step 4: hard-negative mining by background loss −log softmax(z)_0
    float[] backgroundLoss = new float[p];
    CrossEntropy.standard().kernel(confidences, new int[p], k, Reduction.NONE, backgroundLoss, null);
    int negatives = p - positives;
    long[] order = new long[negatives];
    for (int i = 0, n = 0; i < p; i++) {
      if (matches[i] < 0) {
        order[n++] = rankKey(backgroundLoss[i], i);
      }
    }
    Arrays.sort(order);
    int mined = (int) Math.min((long) negativesPerPositive * positives, negatives);
    int[] minedNegatives = new int[mined];
    for (int n = 0; n < mined; n++) {
      minedNegatives[n] = (int) order[n];
    }

    // step 5: cross-entropy over positives (their label) and mined negatives (background)
    int rows = positives + mined;
    float[] logits = new float[rows * k];
    int[] labels = new int[rows];
    int[] rowPrior = new int[rows];
    for (int n = 0; n < positives; n++) {
      rowPrior[n] = positiveIndex[n];
      labels[n] = truthLabels[matches[positiveIndex[n]]];
    }
    for (int n = 0; n < mined; n++) {
      rowPrior[positives + n] = minedNegatives[n];
      labels[positives + n] = 0;
    }
    for (int r = 0; r < rows; r++) {
      System.arraycopy(confidences, rowPrior[r] * k, logits, r * k, k);
    }
    float[] confGrad = new float[rows * k];
    double confidence =
        CrossEntropy.standard().kernel(logits, labels, k, Reduction.SUM, null, confGrad);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < k; c++) {
        gradConfidences[rowPrior[r] * k + c] = (float) (confGrad[r * k + c] * perPositive);
      }
    }

    // step 6: total over N
    double total = (localization + confidence) * perPositive;
    return new Result(total, localization, confidence, positives, matches, minedNegatives);
  }

  /**
   * A sort key that orders by loss descending, then prior index ascending: the high 32 bits are the
   * order-preserving integer image of {@code −loss}, the low 32 bits the index.
   */
  private static long rankKey(float loss, int index) {
    int bits = Float.floatToIntBits(-loss);
    bits ^= (bits >> 31) & 0x7fffffff;
    return ((long) bits << 32) | (index & 0xffffffffL);
  }
}
