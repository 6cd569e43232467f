package org.gridbox.loss;

import static org.gridbox.loss.LossArguments.classCount;
import static org.gridbox.loss.LossArguments.requireOutputs;
import static org.gridbox.loss.LossArguments.requireReduction;

import java.util.Arrays;
import org.gridbox.Check;

/**
 * Softmax cross-entropy from logits with optional label smoothing and class weights, PyTorch's
 * {@code F.cross_entropy(logits, target, weight=w, label_smoothing=ε)} for class-index targets.
 *
 * <p>For one sample with logits {@code z[0..C)} and correct class {@code y}, with {@code log p_c =
 * z_c − logsumexp(z)} (never {@code log(softmax)}, which underflows):
 *
 * <pre>
 *   loss = (1 − ε) · w_y · (−log p_y)  +  (ε / C) · Σ_c w_c · (−log p_c)
 * </pre>
 *
 * Without weights every {@code w_c = 1}; with ε = 0 this is the negative log-likelihood of the
 * softmax. {@link Reduction#MEAN} divides the sum by {@code Σ_i w_{y_i}} (N without weights), as
 * PyTorch does; when that sum is 0 the mean is 0 (PyTorch gives NaN).
 *
 * <p>Immutable and thread-safe; build with {@link #standard()} and the {@code with...} methods.
 */
public final class CrossEntropy {
  private static final CrossEntropy STANDARD = new CrossEntropy(0f, null);

  private final float labelSmoothing;
  /** Class weights, length C, or null for all ones. Owned, never exposed. */
  private final float[] classWeights;

  private CrossEntropy(float labelSmoothing, float[] classWeights) {
    this.labelSmoothing = labelSmoothing;
    this.classWeights = classWeights;
  }

  /**
   * Plain cross-entropy: no label smoothing, all class weights 1.
   *
   * @return the shared plain instance
   */
  public static CrossEntropy standard() {
    return STANDARD;
  }

  /**
   * This loss with label smoothing ε: the target distribution becomes {@code (1 − ε)} on the correct
   * class plus {@code ε / C} on every class.
   *
   * @param epsilon smoothing in {@code [0, 1]}
   * @return a new loss with this smoothing and the same class weights
   */
  public CrossEntropy withLabelSmoothing(float epsilon) {
    Check.argument(epsilon >= 0f && epsilon <= 1f, "label smoothing must be in [0, 1], got %s",
        epsilon);
    return new CrossEntropy(epsilon, classWeights);
  }

  /**
   * This loss with a weight per class (copied), e.g. to counter class imbalance.
   *
   * @param weights {@code float[C]}, each finite and {@code >= 0}; C must match the logits' C
   * @return a new loss with these weights and the same smoothing
   */
  public CrossEntropy withClassWeights(float[] weights) {
    LossArguments.requireNonNull("weights", weights);
    for (int c = 0; c < weights.length; c++) {
      if (!(weights[c] >= 0f) || !Float.isFinite(weights[c])) {
        throw Check.failure("weights[%s] must be finite and >= 0, got %s", c, weights[c]);
      }
    }
    return new CrossEntropy(labelSmoothing, weights.clone());
  }

  /**
   * The label smoothing.
   *
   * @return ε in {@code [0, 1]}
   */
  public float labelSmoothing() {
    return labelSmoothing;
  }

  /**
   * The class weights.
   *
   * @return a copy of the weights, {@code float[C]}, or an empty array when none are set (all ones)
   */
  public float[] classWeights() {
    return classWeights == null ? new float[0] : classWeights.clone();
  }

  /**
   * Computes the loss and its gradient with respect to the logits.
   *
   * @param logits {@code float[N*C]}, row-major: sample {@code i}'s logit for class {@code c} at
   *     {@code i*C + c}; any finite values (magnitudes of 1e4 are fine)
   * @param targets {@code int[N]}, each a class index in {@code [0, C)}
   * @param reduction how the N sample losses become the returned scalar
   * @param losses output or {@code null} when not wanted (then a scratch array is allocated), {@code float[N]}: each sample's unreduced (but weighted) loss
   * @param grad output or {@code null} when not wanted (then a scratch array is allocated), {@code float[N*C]}: d(returned scalar)/d(logits), overwritten
   * @return the weighted mean (MEAN) or the sum (SUM, NONE) of the sample losses
   */
  public double forward(
      float[] logits, int[] targets, Reduction reduction, float[] losses, float[] grad) {
    int c = classCount("logits", logits, targets);
    requireReduction(reduction);
    if (classWeights != null && targets.length > 0 && classWeights.length != c) {
      throw Check.failure("class weights length must equal C = %s, got %s", c, classWeights.length);
    }
    losses = LossArguments.orScratch(losses, targets.length);
    grad = LossArguments.orScratch(grad, logits.length);
    requireOutputs(targets.length, losses, logits.length, grad);
    return kernel(logits, targets, c, reduction, losses, grad);
  }

  /**
   * The loss with both outputs optional (null skips them); arguments already validated.
   *
   * @param c the number of classes C
   */
  double kernel(
      float[] logits, int[] targets, int c, Reduction reduction, float[] losses, float[] grad) {
    int n = targets.length;
    double eps = labelSmoothing;
    double weightSum = 0.0; // W = Σ_c w_c, the smoothing term's total weight
    for (int k = 0; k < c; k++) {
      weightSum += weight(k);
    }
    double denominator = 0.0; // Σ_i w_{y_i}
    for (int i = 0; i < n; i++) {
      denominator += weight(targets[i]);
    }
    double scale = reduction.scale(denominator);
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      int off = i * c;
      int y = targets[i];
      double lse = StableMath.logSumExp(logits, off, c);
      // forward: (1 − ε) w_y (lse − z_y) + (ε/C) Σ_k w_k (lse − z_k)
      double nll = lse - logits[off + y];
      double smooth = 0.0;
      if (eps != 0.0) {
        for (int k = 0; k < c; k++) {
          smooth += weight(k) * (lse - logits[off + k]);
        }
      }
      double l = (1.0 - eps) * weight(y) * nll + eps / c * smooth;
      sum += l;
      if (losses != null) {
        losses[i] = (float) l;
      }
      if (grad != null) {
        // backward: d/dz_k = (1 − ε) w_y (p_k − [k = y]) + (ε/C) (W p_k − w_k), p_k = exp(z_k − lse)
        for (int k = 0; k < c; k++) {
          double p = Math.exp(logits[off + k] - lse);
          double g = (1.0 - eps) * weight(y) * (p - (k == y ? 1.0 : 0.0))
              + eps / c * (weightSum * p - weight(k));
          grad[off + k] = (float) (scale * g);
        }
      }
    }
    return reduction == Reduction.MEAN ? sum * scale : sum;
  }

  private double weight(int k) {
    return classWeights == null ? 1.0 : classWeights[k];
  }

  @Override
  public String toString() {
    return "CrossEntropy[labelSmoothing=" + labelSmoothing + ", classWeights="
        + (classWeights == null ? "none" : Arrays.toString(classWeights)) + "]";
  }
}
