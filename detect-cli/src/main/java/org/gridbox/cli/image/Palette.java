package org.gridbox.cli.image;

/**
 * Class colours for drawing: a distinct, colour-blind-friendly palette. The first seven colours are
 * Okabe and Ito's (2008) set, readable with protanopia, deuteranopia and tritanopia; the next ones
 * are Paul Tol's "bright" and "muted" qualitative schemes, so the first 16 classes all get different
 * colours. Class {@code k} gets colour {@code k mod size()}.
 *
 * <p>Colours are OpenCV order: {@code {blue, green, red}}, 0..255.
 */
public final class Palette {

  /** RGB hex values, in order of use. */
  private static final int[] RGB = {
    0xE69F00, // orange (Okabe-Ito)
    0x56B4E9, // sky blue
    0x009E73, // bluish green
    0xF0E442, // yellow
    0x0072B2, // blue
    0xD55E00, // vermillion
    0xCC79A7, // reddish purple
    0xEE6677, // red (Tol bright)
    0x228833, // green
    0x66CCEE, // cyan
    0xAA3377, // purple
    0x332288, // indigo (Tol muted)
    0x999933, // olive
    0x882255, // wine
    0x44AA99, // teal
    0xDDCC77, // sand
  };

  private Palette() {}

  /** Number of distinct colours before they repeat. */
  static int size() {
    return RGB.length;
  }

  /** The colour of class {@code classId} as {@code {b, g, r}}. */
  public static double[] bgr(int classId) {
    int rgb = RGB[Math.floorMod(classId, RGB.length)];
    return new double[] {rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF};
  }

  /**
   * Black or white, whichever contrasts more with {@code bgr} as a background: black when the
   * relative luminance (Rec. 709 weights on the 0..255 values) is above 140, white otherwise.
   */
  static double[] textOn(double[] bgr) {
    double luminance = 0.0722 * bgr[0] + 0.7152 * bgr[1] + 0.2126 * bgr[2];
    return luminance > 140 ? new double[] {0, 0, 0} : new double[] {255, 255, 255};
  }
}
