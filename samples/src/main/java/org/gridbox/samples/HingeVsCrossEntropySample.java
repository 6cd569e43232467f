package org.gridbox.samples;

import java.io.PrintStream;
import java.util.Locale;
import org.gridbox.loss.CrossEntropy;
import org.gridbox.loss.MulticlassHinge;
import org.gridbox.loss.Reduction;

/**
 * Prints, for a few score vectors over three classes (the correct class is 0), the multiclass hinge
 * (SVM) loss and the softmax cross-entropy side by side, with the gradient each sends to the correct
 * class's score.
 *
 * <p>What to look for: as the correct class's lead over the best other class grows, the hinge loss
 * falls linearly and becomes exactly 0 (and its gradient 0) once the lead reaches the margin Δ = 1;
 * cross-entropy keeps falling but never reaches 0 and keeps pushing, ever more gently. When the
 * correct class loses, both grow linearly in the deficit.
 *
 * <p>Run: {@code java -cp samples/target/classes:core/target/classes
 * org.gridbox.samples.HingeVsCrossEntropySample}
 */
public final class HingeVsCrossEntropySample {
  private HingeVsCrossEntropySample() {}

  /** The score vectors shown: {@code [correct, other, other]}. */
  static final float[][] SCORES = {
    {-2f, 2f, 0f},
    {0f, 1f, 0f},
    {1f, 1f, 1f},
    {1.5f, 1f, 0f},
    {2f, 1f, 0f},
    {3f, 1f, 0f},
    {6f, 1f, 0f},
    {1e4f, 0f, 0f},
  };

  /**
   * Prints the table to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    print(System.out);
  }

  /**
   * Writes the table.
   *
   * @param out where to print
   */
  public static void print(PrintStream out) {
    out.println("correct class = 0, hinge margin Δ = 1; d/ds0 = gradient on the correct score");
    out.println(String.format(Locale.ROOT, "%-22s %8s %10s %10s %10s %10s", "scores", "lead",
        "hinge", "d/ds0", "x-entropy", "d/ds0"));
    int[] target = {0};
    float[] losses = new float[1];
    float[] grad = new float[3];
    for (float[] s : SCORES) {
      double lead = s[0] - Math.max(s[1], s[2]);
      double hinge = MulticlassHinge.DEFAULT.forward(s, target, Reduction.SUM, losses, grad);
      float hingeGrad = grad[0];
      double ce = CrossEntropy.standard().forward(s, target, Reduction.SUM, losses, grad);
      float ceGrad = grad[0];
      out.println(String.format(Locale.ROOT, "%-22s %8.1f %10.4f %10.4f %10.4g %10.4g",
          "(" + s[0] + ", " + s[1] + ", " + s[2] + ")", lead, hinge, hingeGrad, ce,
          ceGrad));
    }
  }
}
