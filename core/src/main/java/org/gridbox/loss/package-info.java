/**
 * Training losses, each with its exact gradient written beside the forward formula.
 *
 * <p>Conventions shared by every loss in this package:
 *
 * <ul>
 *   <li>Inputs are flat {@code float[]} arrays, row-major; a batch of N samples with C classes is
 *       {@code float[N*C]}, sample {@code i}'s class {@code c} at {@code i*C + c}. Boxes are {@code
 *       xyxy}, stride 4, in pixels (or any one unit used consistently).
 *   <li>Computation is in {@code double} internally; per-element losses are written as {@code float}
 *       and the returned scalar is a {@code double}.
 *   <li>A {@link org.gridbox.loss.Reduction} says how per-sample losses become the scalar: {@code
 *       MEAN}, {@code SUM}, or {@code NONE}. Every {@code forward} method writes each sample's
 *       unreduced loss into {@code losses}, writes into {@code grad} the gradient of the returned
 *       scalar with respect to the predictions (overwriting it), and returns that scalar. With {@code
 *       NONE} the returned scalar is the sum of the per-sample losses and {@code grad} holds, row by
 *       row, the derivative of each sample's own loss (what PyTorch's {@code backward(ones)} gives,
 *       because sample {@code i}'s loss depends only on sample {@code i}'s inputs).
 *   <li>Empty input (N = 0) gives 0 for every reduction, never NaN.
 *   <li>Arguments are validated once at the entry point; bad lengths, labels out of range or
 *       non-finite parameters raise {@link java.lang.IllegalArgumentException} naming the values.
 *   <li>Every loss is numerically stable for logits of magnitude 1e4 (log-sum-exp, softplus); finite
 *       inputs never give NaN or Inf.
 * </ul>
 *
 * <p>All functions are pure and thread-safe; the loss records are immutable configurations.
 */
package org.gridbox.loss;
