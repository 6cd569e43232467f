package org.gridbox.cli.image;

import java.util.List;
import java.util.Locale;
import org.gridbox.detection.Detections;
import org.gridbox.geom.Box;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Draws detections on a BGR image with OpenCV: one colour per class ({@link Palette}), line width
 * and font scaled to the image size, and a label "name 0.87" on a filled background in the class
 * colour with black or white text, whichever contrasts more. Boxes are clipped to the image and the
 * label is kept inside the image (above the box when there is room, else inside its top edge).
 *
 * <p>Sizes follow the image, not a fixed pixel count: line width {@code lw = max(2, round(0.003 *
 * (width + height) / 2))}, font scale {@code lw / 3}, text thickness {@code max(lw - 1, 1)} — 2 px on
 * a 640x480 image, 3 px on 1280x720, 6 px on 4000x3000.
 */
public final class BoxPainter {
  private static final int FONT = Imgproc.FONT_HERSHEY_SIMPLEX;

  private final List<String> classNames;

  /** @param classNames the model's class names; a detection's class id indexes it */
  public BoxPainter(List<String> classNames) {
    this.classNames = List.copyOf(classNames);
  }

  /** Line width in pixels for an image of this size (see the class comment). */
  static int lineWidth(int width, int height) {
    return Math.max(2, (int) Math.round(0.003 * (width + height) / 2.0));
  }

  /** The label drawn for a detection: class name and score with two decimals, e.g. "face 0.87". */
  String label(int classId, float score) {
    String name = classId < classNames.size() ? classNames.get(classId) : "class " + classId;
    return name + String.format(Locale.ROOT, " %.2f", score);
  }

  /**
   * Draws every detection on {@code bgr} in place, lowest score first so the most confident box and
   * label end up on top.
   *
   * @param bgr image, {@code CV_8UC3}, BGR
   * @param dets boxes in pixels of this image, xyxy
   */
  public void draw(Mat bgr, Detections dets) {
    int w = bgr.cols();
    int h = bgr.rows();
    int lw = lineWidth(w, h);
    double fontScale = lw / 3.0;
    int textThickness = Math.max(lw - 1, 1);
    for (int i = dets.size() - 1; i >= 0; i--) {
      Box b = dets.box(i);
      if (b.x2() < 0 || b.y2() < 0 || b.x1() > w - 1 || b.y1() > h - 1) {
        continue; // entirely outside the image: nothing to draw
      }
      // Clip to the image.
      int x1 = clamp(Math.round(b.x1()), 0, w - 1);
      int y1 = clamp(Math.round(b.y1()), 0, h - 1);
      int x2 = clamp(Math.round(b.x2()), 0, w - 1);
      int y2 = clamp(Math.round(b.y2()), 0, h - 1);
      double[] colour = Palette.bgr(dets.classId(i));
      Scalar boxColour = new Scalar(colour);
      Imgproc.rectangle(bgr, new Point(x1, y1), new Point(x2, y2), boxColour, lw, Imgproc.LINE_AA);

      String text = label(dets.classId(i), dets.score(i));
      int[] baseline = new int[1];
      Size ts = Imgproc.getTextSize(text, FONT, fontScale, textThickness, baseline);
      int tw = (int) ts.width;
      int th = (int) ts.height;
      int pad = Math.max(1, lw / 2);
      int boxH = th + baseline[0] + 2 * pad;
      int boxW = tw + 2 * pad;
      // Above the box if it fits, else just inside the top edge; shifted left to stay in the image.
      int top = y1 - boxH >= 0 ? y1 - boxH : y1;
      top = Math.min(top, Math.max(0, h - boxH));
      int left = Math.max(0, Math.min(x1, w - boxW));
      Imgproc.rectangle(bgr, new Point(left, top), new Point(left + boxW - 1, top + boxH - 1),
          boxColour, Imgproc.FILLED, Imgproc.LINE_8);
      Imgproc.putText(bgr, text, new Point(left + pad, top + pad + th), FONT, fontScale,
          new Scalar(Palette.textOn(colour)), textThickness, Imgproc.LINE_AA);
    }
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
