package org.gridbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.gridbox.cli.detect.DetectCommandTest;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.model.BuiltInModels;
import org.gridbox.cli.shared.ExitCodes;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetWeights;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * {@code gridbox detect --darknet-exact} end to end against Darknet's own listing
 * (testdata/reference/darknet-parity/detect/yolov2-tiny.horses.txt, made by darknet_detect.c with
 * Debian's libdarknet): the photo as Darknet decoded it, saved losslessly as PNG, the shipped
 * yolov2-tiny.cfg with the harness's formula weights ({@link DarknetWeights#formula}); detections.json
 * must hold the same detections (class, box within 0.01 px, score within 1e-4).
 */
class DarknetExactCliTest {
  static final Path REF = Path.of(System.getProperty("gridbox.root"), "testdata/reference/darknet-parity");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @BeforeAll
  static void opencv() {
    OpenCvImages.load();
  }

  @Test
  void detectListsDarknetsDetections() throws Exception {
    List<String[]> expected = new ArrayList<>();
    double gain = 0, head = 0, shift = 0;
    for (String line : Files.readAllLines(REF.resolve("detect/yolov2-tiny.horses.txt"))) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "det" -> expected.add(f);
        case "gain" -> gain = Double.parseDouble(f[1]);
        case "head" -> head = f.length == 2 ? Double.parseDouble(f[1]) : head; // "head LAYER TYPE ..." lists a head
        case "shift" -> shift = Double.parseDouble(f[1]);
        default -> { }
      }
    }
    Path cfg = Path.of(System.getProperty("gridbox.root"), "testdata/darknet-cfg/yolov2-tiny.cfg");
    Path weights = tmp.resolve("formula.weights");
    DarknetWeights.formula(DarknetCfg.read(cfg), gain, head, shift).write(weights);
    Path png = tmp.resolve("in/horses.png");
    int[] size = ppmToPng(REF.resolve("images/horses.ppm.gz"), png);

    DetectCommandTest.Run r = DetectCommandTest.run(new BuiltInModels(), png, "--model", "darknet:" + cfg + "," + weights,
        "--darknet-exact", "--conf", "0.25", "--iou", "0.45", "--out", tmp.resolve("out"));
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode annotations = JSON.readTree(tmp.resolve("out/run1/detections.json").toFile()).get("annotations");
    assertThat(annotations).hasSize(expected.size());
    boolean[] used = new boolean[annotations.size()];
    for (String[] e : expected) {
      int category = Integer.parseInt(e[1]) + 1;
      double bx = Float.parseFloat(e[3]), by = Float.parseFloat(e[4]);
      double bw = Float.parseFloat(e[5]), bh = Float.parseFloat(e[6]);
      double x1 = (bx - bw / 2) * size[0], x2 = (bx + bw / 2) * size[0];
      double y1 = (by - bh / 2) * size[1], y2 = (by + bh / 2) * size[1];
      int match = -1;
      for (int i = 0; i < annotations.size() && match < 0; i++) {
        JsonNode a = annotations.get(i);
        JsonNode b = a.get("bbox");
        if (!used[i] && a.get("category_id").asInt() == category
            && Math.abs(a.get("score").asDouble() - Float.parseFloat(e[2])) <= 1e-4
            && Math.abs(b.get(0).asDouble() - x1) <= 0.01 && Math.abs(b.get(1).asDouble() - y1) <= 0.01
            && Math.abs(b.get(0).asDouble() + b.get(2).asDouble() - x2) <= 0.01
            && Math.abs(b.get(1).asDouble() + b.get(3).asDouble() - y2) <= 0.01) {
          match = i;
        }
      }
      assertThat(match).as("Darknet's %s in %s", String.join(" ", e), annotations).isNotNegative();
      used[match] = true;
    }
  }

  @Test
  void resizeOptionsAreChecked() throws Exception {
    Path cfg = Path.of(System.getProperty("gridbox.root"), "testdata/darknet-cfg/yolov2-tiny.cfg");
    Path weights = tmp.resolve("w.weights");
    DarknetWeights.formula(DarknetCfg.read(cfg), 1, 1, 0).write(weights);
    Path in = DetectCommandTest.image(tmp.resolve("in/a.png"), 40, 30, 0, 0, 0);
    String model = "darknet:" + cfg + "," + weights;
    DetectCommandTest.Run bad = DetectCommandTest.run(new BuiltInModels(), in, "--model", model, "--resize", "fit");
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("--resize").contains("letterbox, stretch").contains("'fit'");
    DetectCommandTest.Run both = DetectCommandTest.run(new BuiltInModels(), in, "--model", model, "--resize", "stretch",
        "--darknet-exact");
    assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("--resize cannot be combined with --darknet-exact");
    DetectCommandTest.Run opencv = DetectCommandTest.run(new BuiltInModels(), in, "--model", model, "--engine", "opencv",
        "--darknet-exact");
    assertThat(opencv.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(opencv.err()).contains("--darknet-exact needs --engine java");
    DetectCommandTest.Run stretch = DetectCommandTest.run(new BuiltInModels(), in, "--model", model, "--resize", "stretch",
        "--out", tmp.resolve("o"));
    assertThat(stretch.code()).as(stretch.err()).isZero();
  }

  @Test
  void darknetOptionsOnAnotherModelAreRefusedNotIgnored() throws Exception {
    Path in = DetectCommandTest.image(tmp.resolve("in/a.png"), 40, 30, 0, 0, 0);
    DetectCommandTest.Run exact = DetectCommandTest.run(new BuiltInModels(), in, "--model", "face", "--darknet-exact");
    assertThat(exact.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(exact.err()).contains("--darknet-exact applies to Darknet models").contains("face has its own");
    DetectCommandTest.Run resize = DetectCommandTest.run(new BuiltInModels(), in, "--resize", "stretch");
    assertThat(resize.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(resize.err()).contains("--resize applies to Darknet models").contains("nanodet has its own");
  }

  /** Darknet's decoded pixels (binary PPM, gzipped) as a PNG that OpenCV reads back unchanged. */
  static int[] ppmToPng(Path ppmGz, Path png) throws IOException {
    byte[] all;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(ppmGz))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      all = out.toByteArray();
    }
    String[] t = new String(all, 0, 32, java.nio.charset.StandardCharsets.US_ASCII).split("\\s+", 5);
    int w = Integer.parseInt(t[1]), h = Integer.parseInt(t[2]);
    int start = all.length - 3 * w * h;
    byte[] bgr = new byte[3 * w * h];
    for (int p = 0; p < w * h; p++) {
      bgr[3 * p] = all[start + 3 * p + 2];
      bgr[3 * p + 1] = all[start + 3 * p + 1];
      bgr[3 * p + 2] = all[start + 3 * p];
    }
    Mat m = new Mat(h, w, CvType.CV_8UC3);
    m.put(0, 0, bgr);
    Files.createDirectories(png.getParent());
    assertThat(Imgcodecs.imwrite(png.toString(), m)).isTrue();
    return new int[] {w, h};
  }
}
