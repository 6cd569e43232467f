package org.gridbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gridbox.cli.detect.FolderRun;
import org.gridbox.cli.detect.RunFolder;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.model.ModelLoader;
import org.gridbox.cli.shared.ExitCodes;
import org.gridbox.models.DetectionModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests of issue 16, one per defect class of the CLI's input and output handling (the
 * reproductions of the issue, made small). The fuzz suite ({@link CliFuzzTest}) covers the same
 * ground with generated inputs.
 */
class HardeningTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @BeforeAll
  static void opencv() {
    OpenCvImages.load();
  }

  static CliFuzzTest.Outcome detect(Object... args) {
    return CliFuzzTest.detect(args);
  }

  private Path png(Path file, int w, int h) throws IOException {
    return FuzzCorpus.write(file, new FuzzCorpus(7).image("png", w, h));
  }

  private static boolean mkfifo(Path p) throws Exception {
    try {
      Process pr = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
      return pr.waitFor(10, TimeUnit.SECONDS) && pr.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void fifosDevicesAndDanglingPathsAreListedNotReadOrFatal() throws Exception {
    Path in = tmp.resolve("in");
    png(in.resolve("good.png"), 20, 10);
    assumeThat(mkfifo(in.resolve("pipe.jpg"))).as("mkfifo").isTrue();
    assumeThat(mkfifo(in.resolve("pipe"))).isTrue();
    Files.createSymbolicLink(in.resolve("zero.jpg"), Path.of("/dev/zero"));
    Files.createDirectories(in.resolve("folder.jpg"));
    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.jpg"), tmp.resolve("nowhere"));

    CliFuzzTest.Outcome o = detect(in, in.resolve("pipe"), dangling, tmp.resolve("missing.png"), "--out", tmp.resolve("out"));

    assertThat(o.code()).as(o.all()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(o.out())
        .contains("pipe.jpg: not a regular file (a FIFO)")
        .contains("pipe: not a regular file (a FIFO)")
        .contains("zero.jpg: not a regular file (a character device)")
        .contains("dangling.jpg: broken link (its target does not exist)")
        .contains("missing.png: no such file or folder");
    CliFuzzTest.checkOutputs(tmp.resolve("out/run1"), "good.png");
  }

  @Test
  void allPathsMissingIsAUsageError() {
    CliFuzzTest.Outcome o = detect(tmp.resolve("nope.png"), "--out", tmp.resolve("out"));
    assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(o.err()).contains("no such file or folder").contains("nope.png");
  }

  @Test
  void recursiveVisitsEachRealFolderOnce() throws Exception {
    Path in = tmp.resolve("in");
    png(in.resolve("a.png"), 20, 10);
    png(in.resolve("sub/b.png"), 20, 10);
    Files.createSymbolicLink(in.resolve("sub/loop"), in);
    Files.createSymbolicLink(in.resolve("self"), Path.of("."));

    CliFuzzTest.Outcome o = detect(in, "--recursive", "--out", tmp.resolve("out"));

    assertThat(o.code()).as(o.all()).isZero();
    assertThat(o.out()).contains("centre-box: 2 images").contains("folder already searched");
  }

  @Test
  void collidingOutputNamesGetUniqueNamesRecordedInDetectionsJson() throws Exception {
    Path in = tmp.resolve("in");
    png(in.resolve("a.ppm.jpg"), 30, 20);
    FuzzCorpus.write(in.resolve("a.ppm"), new FuzzCorpus(8).image("ppm", 31, 21));
    png(in.resolve("dup.png"), 32, 22);
    FuzzCorpus.write(in.resolve("dup.jpg"), new FuzzCorpus(9).image("jpg", 33, 23));

    CliFuzzTest.Outcome o = detect(in, "--save-txt", "--threads", 2, "--out", tmp.resolve("out"));

    assertThat(o.code()).as(o.all()).isZero();
    Path run = tmp.resolve("out/run1");
    JsonNode doc = CliFuzzTest.checkOutputs(run, "a.ppm", "a.ppm.jpg", "dup.jpg", "dup.png");
    Set<String> annotated = new HashSet<>();
    Set<String> labels = new HashSet<>();
    for (JsonNode im : doc.get("images")) {
      annotated.add(im.get("annotated").asText());
      labels.add(im.get("labels").asText());
      assertThat(run.resolve(im.get("labels").asText())).isRegularFile();
    }
    assertThat(annotated).hasSize(4);
    assertThat(labels).hasSize(4).contains("labels/dup.txt", "labels/dup_2.txt");
  }

  @Test
  void resumeRefusesOtherSettingsAndABusyRunFolder() throws Exception {
    Path in = tmp.resolve("in");
    png(in.resolve("a.png"), 20, 10);
    Path out = tmp.resolve("out");
    assertThat(detect(in, "--out", out, "--conf", "0.2").code()).isZero();

    CliFuzzTest.Outcome other = detect(in, "--out", out, "--conf", "0.3", "--resume");
    assertThat(other.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(other.err()).contains("--conf 0.2 -> 0.3").contains("without --resume");

    try (FileChannel held = RunFolder.lock(out.resolve("run1"))) {
      CliFuzzTest.Outcome busy = detect(in, "--out", out, "--conf", "0.2", "--resume");
      assertThat(busy.code()).isEqualTo(ExitCodes.FAILED);
      assertThat(busy.err()).contains("another gridbox run is writing to");
    }
    CliFuzzTest.Outcome same = detect(in, "--out", out, "--conf", "0.2", "--resume");
    assertThat(same.code()).as(same.all()).isZero();
    assertThat(same.out()).contains("1 done before (--resume)");
  }

  @Test
  void plantedLinksInTheRunFolderAreNeverWrittenThrough() throws Exception {
    Path in = tmp.resolve("in");
    png(in.resolve("a.png"), 20, 10);
    Path out = tmp.resolve("out");
    assertThat(detect(in, "--out", out).code()).isZero();
    Path run = out.resolve("run1");
    Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious\n");
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createSymbolicLink(run.resolve(".detections.json.tmp"), victim);
    Files.createSymbolicLink(run.resolve(".detections.json.annotations.tmp"), victim);
    Files.createSymbolicLink(run.resolve("images/.b.png.part"), victim);
    Files.createSymbolicLink(run.resolve("images/sub"), elsewhere);
    png(in.resolve("b.png"), 20, 10);
    png(in.resolve("sub/c.png"), 20, 10);

    CliFuzzTest.Outcome o = detect(in, "--recursive", "--threads", 1, "--out", out, "--resume");

    // b.png is written (its planted temp link replaced, not followed); sub/c.png cannot be: the run stops.
    assertThat(o.code()).as(o.all()).isEqualTo(ExitCodes.FAILED);
    assertThat(o.err()).contains("the run stopped").contains("is a link");
    assertThat(Files.readString(victim)).isEqualTo("precious\n");
    try (Stream<Path> s = Files.list(elsewhere)) {
      assertThat(s).isEmpty();
    }
    CliFuzzTest.checkOutputs(run, "a.png", "b.png");

    Files.delete(run.resolve(FolderRun.JOURNAL));
    Files.createSymbolicLink(run.resolve(FolderRun.JOURNAL), victim);
    CliFuzzTest.Outcome journal = detect(in, "--recursive", "--out", out, "--resume");
    assertThat(journal.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(journal.err()).contains("is a link");
    assertThat(Files.readString(victim)).isEqualTo("precious\n");
  }

  @Test
  void aWriteFailureStopsTheRunWithEverythingDoneWritten() throws Exception {
    Path in = tmp.resolve("in");
    png(in.resolve("a.png"), 20, 10);
    png(in.resolve("b.png"), 20, 10);
    Path out = tmp.resolve("out");
    assertThat(detect(in, "--out", out).code()).isZero();
    Path run = out.resolve("run1");
    // A file where the run needs a folder: every write below it fails, like a full disk.
    Files.writeString(run.resolve("images/sub"), "in the way");
    png(in.resolve("sub/c.png"), 20, 10);
    png(in.resolve("sub/d.png"), 20, 10);
    png(in.resolve("z.png"), 20, 10);

    CliFuzzTest.Outcome o = detect(in, "--recursive", "--threads", 1, "--out", out, "--resume");

    assertThat(o.code()).as(o.all()).isEqualTo(ExitCodes.FAILED);
    assertThat(o.err()).contains("the run stopped: cannot write images/sub/c.png")
        .contains("is a file where an output folder should be").contains("2 images not started")
        .contains("--resume");
    assertThat(o.out()).contains("sub/c.png: cannot write");
    CliFuzzTest.checkOutputs(run, "a.png", "b.png");
  }

  @Test
  void outNamingAFileIsAClearError() throws Exception {
    png(tmp.resolve("in/a.png"), 20, 10);
    Path file = Files.writeString(tmp.resolve("file"), "x");
    CliFuzzTest.Outcome o = detect(tmp.resolve("in"), "--out", file);
    assertThat(o.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(o.err()).contains(file.toString()).contains("not a folder");
  }

  @Test
  void threadsAreCappedAndMaxPixelsChecked() throws Exception {
    png(tmp.resolve("in/a.png"), 20, 10);
    CliFuzzTest.Outcome o = detect(tmp.resolve("in"), "--threads", 1024, "--out", tmp.resolve("out"));
    assertThat(o.code()).as(o.all()).isZero();
    assertThat(o.err()).contains("--threads 1024 capped at");
    assertThat(o.out()).contains("(1 thread)");

    assertThat(detect(tmp.resolve("in"), "--max-pixels", 0).code()).isEqualTo(ExitCodes.USAGE);
    CliFuzzTest.Outcome small = detect(tmp.resolve("in"), "--max-pixels", 199, "--out", tmp.resolve("out2"));
    assertThat(small.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(small.out()).contains("a.png: too many pixels: the PNG header declares 20x10");
  }

  /** A model whose loading or detection throws, to check what the user sees. */
  private static ModelLoader throwing(Throwable atLoad, RuntimeException atDetect) {
    return (spec, options) -> {
      if (atLoad instanceof Error e) {
        throw e;
      }
      if (atLoad instanceof RuntimeException e) {
        throw e;
      }
      return new DetectionModel() {
        @Override
        public String name() {
          return "throwing";
        }

        @Override
        public List<String> classNames() {
          return List.of("x");
        }

        @Override
        public Session newSession() {
          return image -> {
            throw atDetect;
          };
        }
      };
    };
  }

  @Test
  void throwablesReachTheUserAsOneLineWithoutClassNames() throws Exception {
    Path in = png(tmp.resolve("in/a.png"), 20, 10).getParent();
    List<String> errs = new ArrayList<>();
    for (Throwable t : new Throwable[] {new OutOfMemoryError("Java heap space"), new StackOverflowError(),
        new ArrayIndexOutOfBoundsException("Index 14 out of bounds for length 6"),
        new NumberFormatException("For input string: \"abc\""), new ArithmeticException("/ by zero")}) {
      CliFuzzTest.Outcome o = CliFuzzTest.cli(throwing(t, null), "detect", in, "--out", tmp.resolve("out"));
      assertThat(o.code()).as(o.all()).isEqualTo(ExitCodes.FAILED);
      assertThat(o.err().strip()).startsWith("gridbox: error: ").hasLineCount(1);
      errs.add(o.err().strip());
    }
    assertThat(errs.get(0)).contains("out of memory");
    assertThat(errs.get(1)).contains("nested too deeply");
    assertThat(errs.get(2)).contains("internal error: an index out of range").doesNotContain("Index 14");
    assertThat(errs.get(3)).contains("expected a number, got \"abc\"");

    CliFuzzTest.Outcome o = CliFuzzTest.cli(throwing(null, new IllegalStateException()), "detect", in,
        "--out", tmp.resolve("out"));
    assertThat(o.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(o.out()).contains("a.png: detection failed: an internal error (run with --debug for details)");
  }

  /**
   * Under LANG=C, Java's file-name encoding is ASCII: non-ASCII input names must still be read and
   * their outputs written under encodable names. Needs a second JVM (the encoding is fixed at start).
   */
  @Test
  void nonAsciiNamesWorkUnderLangC() throws Exception {
    Path in = tmp.resolve("in");
    png(in.resolve("caf\u00e9 \u6771\u4eac.png"), 20, 10);
    png(in.resolve("plain.png"), 20, 10);
    Path out = tmp.resolve("out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx512m",
        "-Dgridbox.root=" + System.getProperty("gridbox.root", "."),
        "-cp", System.getProperty("java.class.path"), "org.gridbox.cli.GridboxCommand",
        "detect", in.toString(), "--out", out.toString(), "--model", "face");
    pb.environment().put("LANG", "C");
    pb.environment().put("LC_ALL", "C");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).contains("2 images").doesNotContain("Exception");
    try (Stream<Path> s = Files.list(out.resolve("run1/images"))) {
      assertThat(s).hasSize(2);
    }
    JsonNode doc = JSON.readTree(out.resolve("run1/detections.json").toFile());
    assertThat(doc.get("images")).hasSize(2);
  }
}
