package consumer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gridbox.decode.DetectionPipeline;
import org.gridbox.decode.PipelineOptions;
import org.gridbox.decode.RawOutput;
import org.gridbox.decode.YoloV8Decoder;
import org.gridbox.detection.Detections;
import org.gridbox.geom.Iou;
import org.gridbox.image.FloatImage;
import org.gridbox.image.Letterbox;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.CocoJson;
import org.gridbox.io.CocoResults;
import org.gridbox.io.Images;
import org.gridbox.metrics.CocoEvaluation;
import org.gridbox.metrics.CocoEvaluator;
import org.gridbox.models.DetectionModel;
import org.gridbox.models.TinyFaceDetector;
import org.gridbox.nms.Nms;
import org.gridbox.simd.Simd;

/**
 * What a new user of gridbox-core does first, as a separate program: {@code check ROOT} runs NMS,
 * IoU, a YOLOv8 decode, a COCO evaluation (read from JSON, so Jackson is exercised) and the tiny face
 * detector on a JPEG read with {@code io.Images}, and fails (exit 1) on a wrong answer; {@code bench
 * ROOT} prints the median CPU time per call of IoU 4000x4000, NMS of 10k boxes and the face detector.
 * ROOT is a gridbox checkout (for testdata/).
 */
public final class ConsumerMain {
  private ConsumerMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[1]);
    if (args[0].equals("check")) {
      check(root);
    } else {
      bench(root);
    }
  }

  static void require(boolean ok, String what) {
    if (!ok) {
      System.out.println("FAILED: " + what);
      System.exit(1);
    }
  }

  static void check(Path root) throws Exception {
    System.out.println("kernels: " + Simd.describe() + "; module: "
        + ConsumerMain.class.getModule().getName() + ", gridbox module: "
        + Nms.class.getModule().getName());
    float[] boxes = {0, 0, 10, 10, 1, 1, 11, 11, 50, 50, 60, 60};
    int[] keep = Nms.hard(boxes, new float[] {0.9f, 0.8f, 0.7f}, 0.5f);
    require(Arrays.equals(keep, new int[] {0, 2}), "NMS keeps {0, 2}, got " + Arrays.toString(keep));
    float[] iou = Iou.pairwise(boxes, boxes);
    require(iou[1] == 81f / 119f, "IoU(0,1) = 81/119, got " + iou[1]);
    System.out.println("NMS keep " + Arrays.toString(keep) + ", IoU(0,1) " + iou[1]);

    // YOLOv8 [1, 4 + 2, 8]: A (320,320,100,100) class 0 0.9 and B shifted 10 px, class 0 0.8
    int n = 8;
    float[] raw = new float[6 * n];
    float[][] cands = {{320, 320, 100, 100, 0.9f, 0}, {330, 320, 100, 100, 0.8f, 0}};
    for (int i = 0; i < cands.length; i++) {
      for (int r = 0; r < 6; r++) {
        raw[r * n + i] = cands[i][r];
      }
    }
    Letterbox lb = Letterbox.centered(1280, 720, 640, 640);
    Detections d = new DetectionPipeline(List.of(new YoloV8Decoder(2, 640, 640)),
        PipelineOptions.yolov8Defaults()).run(List.of(new RawOutput(raw, new int[] {1, 6, n})), lb);
    require(d.size() == 1 && d.box(0).x1() == 540f && d.box(0).y1() == 260f && d.box(0).x2() == 740f,
        "YOLOv8 decode gives one box (540, 260, 740, 460), got " + d.size() + " " + (d.size() > 0 ? d.box(0) : ""));
    System.out.println("YOLOv8 decode: " + d.box(0));

    Path json = Files.createTempFile("gt", ".json");
    Files.writeString(json, "{\"images\":[{\"id\":1,\"file_name\":\"a.jpg\",\"width\":1280,"
        + "\"height\":720}],\"categories\":[{\"id\":1,\"name\":\"thing\"}],\"annotations\":["
        + "{\"id\":1,\"image_id\":1,\"category_id\":1,\"bbox\":[540,260,200,200],\"area\":40000,"
        + "\"iscrowd\":0}]}");
    CocoGroundTruth gt = CocoJson.readGroundTruth(json);
    Files.delete(json);
    CocoEvaluation eval = CocoEvaluator.evaluate(gt, CocoResults.of(Map.of(1, d)));
    // pycocotools divides by tp + fp + np.spacing(1), so a perfect result is 1 - 1e-16, not 1
    require(Math.abs(eval.stats().ap() - 1.0) < 1e-12, "COCO AP 1.0, got " + eval.stats().ap());
    System.out.println("COCO AP " + eval.stats().ap() + ", AP50 " + eval.stats().ap50());

    FloatImage image = Images.read(root.resolve("testdata/images/sample1.jpg"));
    TinyFaceDetector faces = TinyFaceDetector.load(root.resolve("testdata/models/face"));
    try (DetectionModel.Session s = faces.newSession()) {
      Detections f = s.detect(image);
      require(f.size() > 0, "faces found in sample1.jpg");
      System.out.println("faces in sample1.jpg (" + image.width() + "x" + image.height() + "): "
          + f.size() + ", best " + f.box(0) + " " + f.score(0));
    }
    System.out.println("OK");
  }

  interface Job {
    void run() throws Exception;
  }

  /** Median CPU milliseconds per call after warm-up (the calling thread's CPU time). */
  static double median(Job job, int warm, int runs) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < warm; i++) {
      job.run();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = mx.getCurrentThreadCpuTime();
      job.run();
      ms[i] = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[runs / 2];
  }

  static float[] randomBoxes(int count, long seed) {
    Random r = new Random(seed);
    float[] b = new float[4 * count];
    for (int i = 0; i < count; i++) {
      float x = r.nextFloat() * 1000;
      float y = r.nextFloat() * 1000;
      b[4 * i] = x;
      b[4 * i + 1] = y;
      b[4 * i + 2] = x + 5 + r.nextFloat() * 60;
      b[4 * i + 3] = y + 5 + r.nextFloat() * 60;
    }
    return b;
  }

  static void bench(Path root) throws Exception {
    float[] a = randomBoxes(4000, 1);
    float[] b = randomBoxes(4000, 2);
    float[] nmsBoxes = randomBoxes(10_000, 3);
    float[] scores = new float[10_000];
    Random r = new Random(4);
    for (int i = 0; i < scores.length; i++) {
      scores[i] = r.nextFloat();
    }
    FloatImage image = Images.read(root.resolve("testdata/images/sample1.jpg"));
    TinyFaceDetector faces = TinyFaceDetector.load(root.resolve("testdata/models/face"));
    double iou = median(() -> Iou.pairwise(a, b), 10, 21);
    double nms = median(() -> Nms.hard(nmsBoxes, scores, 0.5f), 10, 21);
    double face;
    try (DetectionModel.Session s = faces.newSession()) {
      face = median(() -> s.detect(image), 10, 21);
    }
    System.out.printf("iou4000 %.2f nms10k %.2f face %.2f%n", iou, nms, face);
  }
}
