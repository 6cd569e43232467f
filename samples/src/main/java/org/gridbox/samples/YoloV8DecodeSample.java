package org.gridbox.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.gridbox.decode.DetectionPipeline;
import org.gridbox.detection.Detections;
import org.gridbox.decode.PipelineOptions;
import org.gridbox.decode.RawOutput;
import org.gridbox.decode.YoloV8Decoder;
import org.gridbox.image.Letterbox;

/**
 * Decodes the raw output of your own YOLOv8 / YOLO11 model into boxes in your image's pixels.
 *
 * <p>Save the output tensor from wherever you run the model, e.g. in Python
 * {@code session.run(None, {...})[0].astype('float32').tofile('out.f32')} (little-endian float32,
 * shape {@code [1, 4 + C, N]} as exported by Ultralytics, or {@code [1, N, 4 + C]}), then run
 *
 * <pre>
 * java -cp samples/target/classes:core/target/classes org.gridbox.samples.YoloV8DecodeSample \
 *     out.f32 84 8400 1280 720 640
 * </pre>
 *
 * arguments: file, rows, columns (the output's last two dimensions), original image width and
 * height, network input side (the image was letterboxed, centred, to a square of that side, as
 * Ultralytics does). The class count is inferred from the shape here; in an application pass your
 * label list's size so a mismatch is caught. Without arguments the sample decodes a small built-in
 * tensor.
 */
public final class YoloV8DecodeSample {
  private YoloV8DecodeSample() {}

  /**
   * Runs the sample.
   *
   * @param args none, or {@code file rows cols imageWidth imageHeight inputSide}
   * @throws IOException if the file cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      float[] demo = demoTensor();
      decode(demo, 6, 8, 1280, 720, 640, System.out);
      return;
    }
    if (args.length != 6) {
      System.err.println("usage: YoloV8DecodeSample FILE ROWS COLS IMAGE_W IMAGE_H INPUT_SIDE");
      System.exit(2);
    }
    int rows = Integer.parseInt(args[1]);
    int cols = Integer.parseInt(args[2]);
    byte[] bytes = Files.readAllBytes(Path.of(args[0]));
    if (bytes.length != 4L * rows * cols) {
      System.err.println(args[0] + " has " + bytes.length + " bytes, expected 4·" + rows + "·"
          + cols + " = " + 4L * rows * cols);
      System.exit(1);
    }
    float[] raw = new float[rows * cols];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(raw);
    decode(raw, rows, cols, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
        Integer.parseInt(args[5]), System.out);
  }

  /**
   * Decodes one output and prints one line per detection:
   * {@code class score x1 y1 x2 y2} in original-image pixels.
   *
   * @param raw the output, {@code float[rows·cols]}
   * @param rows second-to-last dimension ({@code 4 + C} for the Ultralytics layout)
   * @param cols last dimension ({@code N})
   * @param imageWidth original image width, pixels
   * @param imageHeight original image height, pixels
   * @param inputSide network input side, pixels
   * @param out where to print
   * @return the detections
   */
  public static Detections decode(float[] raw, int rows, int cols, int imageWidth, int imageHeight,
      int inputSide, PrintStream out) {
    // Real models have N > 4 + C; in an application use your label list's size instead.
    int numClasses = Math.min(rows, cols) - 4;
    Letterbox letterbox = Letterbox.centered(imageWidth, imageHeight, inputSide, inputSide);
    DetectionPipeline pipeline = new DetectionPipeline(
        List.of(new YoloV8Decoder(numClasses, inputSide, inputSide)),
        PipelineOptions.yolov8Defaults());
    Detections d = pipeline.run(List.of(new RawOutput(raw, new int[] {1, rows, cols})), letterbox);
    out.println(d.size() + " detection(s) in " + imageWidth + "x" + imageHeight + " pixels");
    for (int i = 0; i < d.size(); i++) {
      out.println(String.format(Locale.ROOT, "class %d score %.3f box %.1f %.1f %.1f %.1f",
          d.classId(i), d.score(i), d.box(i).x1(), d.box(i).y1(), d.box(i).x2(), d.box(i).y2()));
    }
    return d;
  }

  /**
   * A {@code [1, 6, 8]} tensor (2 classes, 8 candidates) in network pixels of a 640 input:
   * two overlapping class-0 boxes (the weaker is suppressed), one class-1 box, one below threshold.
   */
  static float[] demoTensor() {
    float[][] cand = { // cx, cy, w, h, class 0, class 1
        {320, 320, 100, 100, 0.9f, 0.01f},
        {325, 320, 100, 100, 0.8f, 0.02f},
        {100, 250, 40, 60, 0.01f, 0.6f},
        {500, 400, 30, 30, 0.1f, 0.1f}};
    int n = 8; // candidates 4..7 are all zero (no box, no score)
    float[] raw = new float[6 * n];
    for (int i = 0; i < cand.length; i++) {
      for (int k = 0; k < 6; k++) {
        raw[k * n + i] = cand[i][k];
      }
    }
    return raw;
  }
}
