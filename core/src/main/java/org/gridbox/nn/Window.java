package org.gridbox.nn;

import java.util.Locale;

/**
 * A 2-D sliding window — kernel, stride and padding rule — shared by every layer that slides one
 * ({@link Conv2d}, {@link MaxPool2d}, {@link AvgPool2d}): the one place where output sizes and their
 * arithmetic are computed.
 *
 * <p>Output size along one axis, for input {@code in}, kernel {@code k}, stride {@code s} and padding
 * {@code before}/{@code after}: {@code out = floor((in + before + after − k) / s) + 1}.
 *
 * @param kh kernel height, {@code >= 1}
 * @param kw kernel width, {@code >= 1}
 * @param sh vertical stride, {@code >= 1}
 * @param sw horizontal stride, {@code >= 1}
 * @param padding the padding rule
 */
public record Window(int kh, int kw, int sh, int sw, Padding padding) {

  /**
   * Validates the sizes and that the padding is given.
   *
   * @param kh kernel height, {@code >= 1}
   * @param kw kernel width, {@code >= 1}
   * @param sh vertical stride, {@code >= 1}
   * @param sw horizontal stride, {@code >= 1}
   * @param padding the padding rule
   */
  public Window {
    if (kh <= 0 || kw <= 0 || sh <= 0 || sw <= 0 || padding == null) {
      throw new IllegalArgumentException("kernel and stride must be > 0 and padding given, got kernel " + kh + "x"
          + kw + ", stride " + sh + "x" + sw + ", padding " + padding);
    }
  }

  /**
   * {@return the padding for an {@code h × w} input}
   *
   * @param h input height
   * @param w input width
   */
  public Padding.Fixed resolve(int h, int w) {
    return padding.resolve(h, w, kh, kw, sh, sw);
  }

  /**
   * The output {@code [oh, ow]} for an {@code h × w} input.
   *
   * @param layer the layer, named in the error
   * @param what what the window is called in the error ({@code "kernel"}, {@code "window"})
   * @param h input height
   * @param w input width
   * @return {@code {outH, outW}}
   * @throws IllegalArgumentException if the window is larger than the padded input
   */
  public int[] outputSize(Layer layer, String what, int h, int w) {
    Padding.Fixed p = resolve(h, w);
    int ph = h + p.top() + p.bottom();
    int pw = w + p.left() + p.right();
    if (ph < kh || pw < kw) {
      throw new IllegalArgumentException(layer.describe() + ": " + what + " " + kh + "x" + kw
          + " is larger than the padded input " + ph + "x" + pw + " (" + h + "x" + w + " + padding " + p + ")");
    }
    return new int[] {(ph - kh) / sh + 1, (pw - kw) / sw + 1};
  }

  /**
   * {@return the window as a summary shows it, e.g. {@code 5x5/1 pad 2} or {@code 3x3/2 pad 0,0,1,1}}
   *
   * @param h input height
   * @param w input width
   */
  public String text(int h, int w) {
    Padding.Fixed p = resolve(h, w);
    String pad = p.top() == p.bottom() && p.left() == p.right() && p.top() == p.left()
        ? (p.top() == 0 ? "" : " pad " + p.top())
        : " pad " + p.top() + "," + p.left() + "," + p.bottom() + "," + p.right();
    return kh + "x" + kw + "/" + sh + pad;
  }

  /**
   * How the output size follows for an {@code h × w} input: {@code "width (32 + 2*2 - 5)/1 + 1 = 32"}
   * and, unless both axes read alike, {@code "; height …"}.
   *
   * @param h input height
   * @param w input width
   * @param rounding how output sizes are rounded
   * @return the output-size arithmetic as text
   * @throws IllegalArgumentException under {@link Summary.Rounding#STRICT} when an axis does not
   *     divide evenly, with the arithmetic
   */
  public String arithmetic(int h, int w, Summary.Rounding rounding) {
    Padding.Fixed p = resolve(h, w);
    int[] out = outputSize(h, w, p);
    String hArith = axis("height", h, p.top(), p.bottom(), kh, sh, out[0], rounding);
    String wArith = axis("width", w, p.left(), p.right(), kw, sw, out[1], rounding);
    boolean alike = h == w && hArith.replace("height", "").equals(wArith.replace("width", ""));
    return "width " + wArith + (alike ? "" : "; height " + hArith);
  }

  private int[] outputSize(int h, int w, Padding.Fixed p) {
    return new int[] {(h + p.top() + p.bottom() - kh) / sh + 1, (w + p.left() + p.right() - kw) / sw + 1};
  }

  /** "(32 + 2*2 - 5)/1 + 1 = 32", checking that the division is exact under STRICT. */
  private static String axis(String axis, int in, int before, int after, int k, int s, int out,
      Summary.Rounding rounding) {
    String pad = before == after ? (before == 0 ? "" : " + 2*" + before) : " + " + before + " + " + after;
    int num = in + before + after - k;
    String expr = "(" + in + pad + " - " + k + ")/" + s + " + 1";
    if (num % s != 0) {
      String exact = String.format(Locale.ROOT, "%s = %s + 1 = %.4g", expr, num + "/" + s, (double) num / s + 1);
      if (rounding == Summary.Rounding.STRICT) {
        throw new IllegalArgumentException("output " + axis + " is not a whole number: " + exact + " (the " + k
            + "-wide window with stride " + s + " does not tile the padded " + axis + " " + (in + before + after)
            + "; change padding or stride, or use FLOOR rounding as Darknet does)");
      }
      return expr + " = floor(" + num + "/" + s + ") + 1 = " + out;
    }
    return expr + " = " + out;
  }
}
