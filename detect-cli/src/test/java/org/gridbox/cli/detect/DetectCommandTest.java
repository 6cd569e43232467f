package org.gridbox.cli.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.gridbox.cli.CentreBoxModel;
import org.gridbox.cli.GridboxCommand;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.image.Palette;
import org.gridbox.cli.model.ModelLoader;
import org.gridbox.cli.shared.ExitCodes;
import org.gridbox.detection.Detections;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine;

/** {@code gridbox detect} in-process, with a stand-in model ({@link CentreBoxModel}) on generated images. */
public class DetectCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @BeforeAll
  static void opencv() {
    OpenCvImages.load();
  }

  public record Run(int code, String out, String err) {}

  public static Run run(ModelLoader loader, Object... args) {
    CommandLine cl = GridboxCommand.commandLine(List.of(new DetectCommand(loader)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    String[] a = Stream.concat(Stream.of("detect"), Arrays.stream(args).map(Object::toString))
        .toArray(String[]::new);
    int code = cl.execute(a);
    return new Run(code, out.toString(), err.toString());
  }

  public static Run run(Object... args) {
    return run(CentreBoxModel.loader(), args);
  }

  /** Writes a w x h image of one BGR colour. */
  public static Path image(Path file, int w, int h, double b, double g, double r) throws IOException {
    Files.createDirectories(file.getParent());
    Mat m = new Mat(h, w, CvType.CV_8UC3, new Scalar(b, g, r));
    assertThat(Imgcodecs.imwrite(file.toString(), m)).isTrue();
    m.release();
    return file;
  }

  @Test
  void writesAnnotatedImagesAndDetectionsThatMatchTheLibrary() throws Exception {
    Path in = tmp.resolve("in");
    image(in.resolve("a.png"), 640, 480, 40, 40, 200);
    image(in.resolve("b.png"), 320, 200, 90, 90, 90);
    Path out = tmp.resolve("out");

    Run r = run(in, "--out", out, "--threads", 2);

    assertThat(r.code()).as(r.err()).isZero();
    Path run = out.resolve("run1");
    assertThat(run.resolve("images/a.png")).exists();
    assertThat(run.resolve("images/b.png")).exists();
    assertThat(r.out()).contains("centre-box: 2 images").contains("thing").contains("Results: " + run);

    // detections.json equals the library API's result on the same decoded pixels.
    JsonNode doc = JSON.readTree(run.resolve("detections.json").toFile());
    assertThat(doc.get("images")).hasSize(2);
    assertThat(doc.get("categories").get(0).get("id").asInt()).isEqualTo(1);
    assertThat(doc.get("categories").get(0).get("name").asText()).isEqualTo("thing");
    for (JsonNode img : doc.get("images")) {
      String name = img.get("file_name").asText();
      Mat bgr = OpenCvImages.decode(in.resolve(name));
      Detections expected = CentreBoxModel.detect(OpenCvImages.toFloatImage(bgr, null, null));
      assertThat(img.get("width").asInt()).isEqualTo(bgr.cols());
      assertThat(img.get("height").asInt()).isEqualTo(bgr.rows());
      bgr.release();
      List<JsonNode> anns = new java.util.ArrayList<>();
      doc.get("annotations").forEach(a -> {
        if (a.get("image_id").asInt() == img.get("id").asInt()) {
          anns.add(a);
        }
      });
      assertThat(anns).hasSize(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        JsonNode a = anns.get(i);
        assertThat(a.get("category_id").asInt()).isEqualTo(expected.classId(i) + 1);
        assertThat((float) a.get("score").asDouble()).isEqualTo(expected.score(i));
        JsonNode bbox = a.get("bbox");
        assertThat((float) bbox.get(0).asDouble()).isEqualTo(expected.box(i).x1());
        assertThat((float) bbox.get(1).asDouble()).isEqualTo(expected.box(i).y1());
        assertThat((float) bbox.get(2).asDouble()).isEqualTo(expected.box(i).width());
        assertThat((float) bbox.get(3).asDouble()).isEqualTo(expected.box(i).height());
      }
    }
  }

  @Test
  void boxesAreDrawnInTheClassColourOnTheBoxEdge() throws Exception {
    Path in = image(tmp.resolve("in/grey.png"), 640, 480, 128, 128, 128);
    Run r = run(in, "--out", tmp.resolve("out"));
    assertThat(r.code()).as(r.err()).isZero();
    Mat drawn = Imgcodecs.imread(tmp.resolve("out/run1/images/grey.png").toString());
    // The "thing" box runs from (160, 120) to (480, 360); its left edge at x = 160, half-way down.
    double[] thing = Palette.bgr(0);
    assertThat(drawn.get(240, 160)).containsExactly(thing);
    assertThat(drawn.get(240, 480)).containsExactly(thing);
    assertThat(drawn.get(360, 320)).containsExactly(thing);
    // The "dot" box (10, 10)-(30, 30) has the second colour; the middle of the picture is untouched.
    assertThat(drawn.get(20, 10)).containsExactly(Palette.bgr(1));
    assertThat(drawn.get(240, 320)).containsExactly(128, 128, 128);
    drawn.release();
  }

  @Test
  void badFilesAreListedWithReasonsAndTheRestIsProcessed() throws Exception {
    Path in = tmp.resolve("mixed");
    image(in.resolve("good1.png"), 64, 48, 0, 0, 255);
    Path good = image(in.resolve("good2.jpg"), 64, 48, 0, 255, 0);
    byte[] jpeg = Files.readAllBytes(good);
    Files.write(in.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
    // A JPEG header, then garbage, then an end marker: decodes to nothing.
    byte[] corrupt = new byte[400];
    for (int i = 0; i < corrupt.length; i++) {
      corrupt[i] = (byte) (i * 37);
    }
    corrupt[0] = (byte) 0xFF;
    corrupt[1] = (byte) 0xD8;
    corrupt[2] = (byte) 0xFF;
    corrupt[398] = (byte) 0xFF;
    corrupt[399] = (byte) 0xD9;
    Files.write(in.resolve("corrupt.jpg"), corrupt);
    Files.write(in.resolve("empty.png"), new byte[0]);
    Files.writeString(in.resolve("readme.jpg"), "this is text, not a picture\n");
    Files.writeString(in.resolve("notes.txt"), "not an image\n");
    Files.createSymbolicLink(in.resolve("gone.jpg"), tmp.resolve("nowhere.jpg"));

    Run r = run(in, "--out", tmp.resolve("out"));

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.PARTIAL);
    Path run = tmp.resolve("out/run1");
    assertThat(run.resolve("images/good1.png")).exists();
    assertThat(run.resolve("images/good2.jpg")).exists();
    assertThat(r.out())
        .contains("5 failed:")
        .contains("gone.jpg: broken link (its target does not exist)")
        .contains("truncated.jpg: truncated JPEG")
        .contains("corrupt.jpg: corrupt JPEG data")
        .contains("empty.png: empty file (0 bytes)")
        .contains("readme.jpg: not an image (a text file)")
        .contains("1 skipped (not images):")
        .contains("notes.txt: not an image (.txt)");
    JsonNode doc = JSON.readTree(run.resolve("detections.json").toFile());
    assertThat(doc.get("images")).extracting(n -> n.get("file_name").asText())
        .containsExactly("good1.png", "good2.jpg");
    // No half-written files are left behind.
    try (Stream<Path> files = Files.walk(run)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }

  @Test
  void everyRunGetsANewNumberedFolder() throws Exception {
    Path in = image(tmp.resolve("in/a.png"), 32, 32, 1, 2, 3);
    assertThat(run(in, "--out", tmp.resolve("out")).code()).isZero();
    assertThat(run(in, "--out", tmp.resolve("out")).code()).isZero();
    assertThat(tmp.resolve("out/run1/images/a.png")).exists();
    assertThat(tmp.resolve("out/run2/images/a.png")).exists();
  }

  @Test
  void resumeSkipsImagesAlreadyDone() throws Exception {
    Path in = tmp.resolve("in");
    image(in.resolve("a.png"), 32, 32, 0, 0, 100);
    image(in.resolve("b.png"), 32, 32, 0, 0, 200);
    Path out = tmp.resolve("out");
    assertThat(run(in, "--out", out).code()).isZero();
    image(in.resolve("c.png"), 32, 32, 0, 0, 50);
    Path aDrawn = out.resolve("run1/images/a.png");
    long before = Files.getLastModifiedTime(aDrawn).toMillis();
    Files.setLastModifiedTime(aDrawn, java.nio.file.attribute.FileTime.fromMillis(before - 60_000));

    Run r = run(in, "--out", out, "--resume");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("centre-box: 1 image in").contains("2 done before (--resume)");
    assertThat(out.resolve("run2")).doesNotExist();
    assertThat(Files.getLastModifiedTime(aDrawn).toMillis()).isEqualTo(before - 60_000);
    JsonNode doc = JSON.readTree(out.resolve("run1/detections.json").toFile());
    assertThat(doc.get("images")).extracting(n -> n.get("file_name").asText())
        .containsExactly("a.png", "b.png", "c.png");
    assertThat(doc.get("annotations")).hasSize(6);
  }

  @Test
  void resumeWithoutARunFolderIsAUsageError() throws Exception {
    Path in = image(tmp.resolve("in/a.png"), 32, 32, 1, 2, 3);
    Run r = run(in, "--out", tmp.resolve("nothing-here"), "--resume");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--resume: no run folder");
  }

  @Test
  void jsonPrintsOneLinePerImageAndTheSummaryOnStderr() throws Exception {
    Path in = tmp.resolve("in");
    image(in.resolve("a.png"), 40, 20, 0, 0, 255);
    image(in.resolve("sub/b.png"), 40, 20, 0, 0, 0);
    Run r = run(in, "--out", tmp.resolve("out"), "--json", "--recursive");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      JsonNode n = JSON.readTree(line);
      assertThat(n.get("image").asText()).isIn("a.png", "sub/b.png");
      assertThat(n.get("width").asInt()).isEqualTo(40);
      JsonNode first = n.get("detections").get(0);
      assertThat(first.get("class").asText()).isEqualTo("thing");
      // (w/4, h/4, 3w/4, 3h/4) = (10, 5, 30, 15)
      assertThat(first.get("xyxy")).extracting(JsonNode::asDouble).containsExactly(10.0, 5.0, 30.0, 15.0);
    }
    assertThat(r.err()).contains("centre-box: 2 images");
    assertThat(tmp.resolve("out/run1/images/sub/b.png")).exists();
  }

  @Test
  void subfoldersNeedRecursive() throws Exception {
    Path in = tmp.resolve("in");
    image(in.resolve("a.png"), 8, 8, 0, 0, 0);
    image(in.resolve("sub/b.png"), 8, 8, 0, 0, 0);
    Run r = run(in, "--out", tmp.resolve("out"));
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("1 subfolder not searched (use --recursive)");
    assertThat(tmp.resolve("out/run1/images/sub/b.png")).doesNotExist();
  }

  @Test
  void saveTxtWritesYoloLabels() throws Exception {
    Path in = image(tmp.resolve("in/a.png"), 200, 100, 0, 0, 255);
    Run r = run(in, "--out", tmp.resolve("out"), "--save-txt");
    assertThat(r.code()).as(r.err()).isZero();
    // thing: (50, 25)-(150, 75) in 200x100 -> centre (0.5, 0.5), size (0.5, 0.5), score 255/255 = 1.
    // dot: (10, 10)-(30, 30) -> centre (20/200, 20/100) = (0.1, 0.2), size (0.1, 0.2), score 0.3.
    assertThat(Files.readString(tmp.resolve("out/run1/labels/a.txt"))).isEqualTo(
        "0 0.500000 0.500000 0.500000 0.500000 1.000000\n"
            + "1 0.100000 0.200000 0.100000 0.200000 0.300000\n");
  }

  @Test
  void classesConfAndMaxDetSelect() throws Exception {
    Path in = image(tmp.resolve("in/a.png"), 64, 64, 0, 0, 255); // thing score 1.0, dot 0.3
    assertThat(annotations(run(in, "--out", tmp.resolve("o1"), "--classes", "dot"), tmp.resolve("o1")))
        .containsExactly(2);
    assertThat(annotations(run(in, "--out", tmp.resolve("o2"), "--classes", "0"), tmp.resolve("o2")))
        .containsExactly(1);
    assertThat(annotations(run(in, "--out", tmp.resolve("o3"), "--conf", "0.5"), tmp.resolve("o3")))
        .containsExactly(1);
    assertThat(annotations(run(in, "--out", tmp.resolve("o4"), "--max-det", "1"), tmp.resolve("o4")))
        .containsExactly(1);
    assertThat(annotations(run(in, "--out", tmp.resolve("o5")), tmp.resolve("o5")))
        .containsExactly(1, 2);
  }

  private static List<Integer> annotations(Run r, Path out) throws IOException {
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = JSON.readTree(out.resolve("run1/detections.json").toFile());
    List<Integer> ids = new java.util.ArrayList<>();
    doc.get("annotations").forEach(a -> ids.add(a.get("category_id").asInt()));
    return ids;
  }

  @Test
  void usageErrorsExitWithTwo() throws Exception {
    Path in = image(tmp.resolve("in/a.png"), 8, 8, 0, 0, 0);
    Run missing = run(tmp.resolve("no-such-folder"));
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("no such file or folder").doesNotContain("Exception");
    assertThat(run(in, "--out", tmp.resolve("o"), "--classes", "cat").err()).contains("unknown class 'cat'");
    assertThat(run(in, "--conf", "1.5").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run(in, "--threads", "0").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run(in, "--model", "yolo9000").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run(in, "--model", "darknet:nope.cfg,nope.weights").err()).contains("no such file: nope.cfg");
  }

  @Test
  void aFolderWithoutImagesDoesNothing() throws Exception {
    Files.createDirectories(tmp.resolve("in"));
    Files.writeString(tmp.resolve("in/a.txt"), "hello");
    Run r = run(tmp.resolve("in"), "--out", tmp.resolve("out"));
    assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).contains("no images found").contains("1 other files skipped");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void onlyBadFilesIsExitCodeOne() throws Exception {
    Files.createDirectories(tmp.resolve("in"));
    Files.write(tmp.resolve("in/empty.jpg"), new byte[0]);
    Run r = run(tmp.resolve("in"), "--out", tmp.resolve("out"));
    assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.out()).contains("empty.jpg: empty file (0 bytes)");
  }
}
