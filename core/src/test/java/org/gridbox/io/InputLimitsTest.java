package org.gridbox.io;

import org.gridbox.detection.Detections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 in core: every reader checks the file's type and size before it reads, sizes read from a
 * file are bounded before anything is allocated for them, and temporary files are never written
 * through a link.
 */
class InputLimitsTest {
  @TempDir Path dir;

  @Test
  void problemNamesSpecialFilesAndSizesWithoutOpeningThem() throws Exception {
    Path small = Files.writeString(dir.resolve("a.txt"), "0 0.5 0.5 0.1 0.1\n");
    assertThat(InputFiles.problem(small, 100)).isNull();
    assertThat(InputFiles.problem(small, 10)).isEqualTo("too large (18 bytes; the limit for this kind of file is 10 bytes)");
    assertThat(InputFiles.problem(dir.resolve("nope"), 10)).isEqualTo("does not exist");
    assertThat(InputFiles.problem(dir, 10)).isEqualTo("is a folder, not a file");
    Path zero = Files.createSymbolicLink(dir.resolve("zero.txt"), Path.of("/dev/zero"));
    assertThat(InputFiles.problem(zero, Long.MAX_VALUE)).isEqualTo("not a regular file (a character device)");
    Path dangling = Files.createSymbolicLink(dir.resolve("gone.txt"), dir.resolve("nowhere"));
    assertThat(InputFiles.problem(dangling, 10)).startsWith("broken link");
    Path fifo = dir.resolve("pipe.txt");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as("mkfifo").isTrue();
    assertThat(InputFiles.problem(fifo, 10)).isEqualTo("not a regular file (a FIFO)");
  }

  @Test
  void yoloClassIdsAreBoundedBeforeTheyBecomeCategories() throws Exception {
    Path labels = Files.createDirectories(dir.resolve("labels"));
    Files.writeString(labels.resolve("a.txt"), "1000000000 0.5 0.5 0.1 0.1\n");
    List<ImageInfo> images = List.of(new ImageInfo(1, "a.jpg", 64, 48));
    assertThatThrownBy(() -> YoloDataset.readGroundTruth(labels, images, List.of("x")))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("a.txt:1: expected a class id in 0..65535, got 1000000000");
    Files.writeString(labels.resolve("a.txt"), "99999999999 0.5 0.5 0.1 0.1\n");
    assertThatThrownBy(() -> YoloTxt.read(labels.resolve("a.txt"), 64, 48))
        .hasMessageContaining("a.txt:1: expected a class id in 0..65535 in column 1, got 99999999999");
    Files.writeString(labels.resolve("a.txt"), "65535 0.5 0.5 0.1 0.1\n");
    assertThat(YoloDataset.readGroundTruth(labels, images, List.of("x")).categories()).hasSize(65536);
    Files.write(labels.resolve("a.txt"), new byte[] {'0', ' ', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> YoloTxt.read(labels.resolve("a.txt"), 64, 48))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("a.txt: not UTF-8 text");
  }

  @Test
  void datasetReadersRefuseSpecialFilesBeforeReading() throws Exception {
    Path zero = Files.createSymbolicLink(dir.resolve("gt.json"), Path.of("/dev/zero"));
    assertThatThrownBy(() -> CocoJson.readGroundTruth(zero))
        .isInstanceOf(DatasetFormatException.class).hasMessage(zero + ": not a regular file (a character device)");
    assertThatThrownBy(() -> CocoJson.readResults(zero)).hasMessageContaining("not a regular file");
    Path voc = Files.createDirectories(dir.resolve("voc"));
    Files.createSymbolicLink(voc.resolve("a.xml"), Path.of("/dev/zero"));
    assertThatThrownBy(() -> VocXml.readGroundTruth(voc, List.of("a")))
        .hasMessageContaining("a.xml: not a regular file (a character device)");
    Path labels = Files.createDirectories(dir.resolve("labels"));
    Files.createSymbolicLink(labels.resolve("a.txt"), Path.of("/dev/zero"));
    assertThatThrownBy(() -> YoloTxt.read(labels.resolve("a.txt"), 8, 8)).hasMessageContaining("not a regular file");
    assertThatThrownBy(() -> YoloDataset.readGroundTruth(labels, List.of(new ImageInfo(1, "a.jpg", 8, 8)), List.of()))
        .hasMessageContaining("a.txt: not a regular file (a character device)");
  }

  @Test
  void temporaryFilesAreNeverWrittenThroughPlantedLinks() throws Exception {
    Path victim = Files.writeString(dir.resolve("victim"), "precious");
    Path target = dir.resolve("out/detections.json");
    Files.createDirectories(target.getParent());
    Files.createSymbolicLink(target.resolveSibling(".detections.json.tmp"), victim);
    Files.createSymbolicLink(target.resolveSibling(".detections.json.annotations.tmp"), victim);
    try (DetectionsJsonWriter w = DetectionsJsonWriter.open(target, List.of("a"))) {
      w.add("a.jpg", 8, 6, org.gridbox.detection.Detections.of(new float[] {1, 1, 2, 2}, new float[] {0.5f}, new int[] {0}));
    }
    assertThat(Files.readString(victim)).isEqualTo("precious");
    assertThat(Files.readString(target)).contains("\"file_name\":\"a.jpg\"");
    assertThat(Files.isSymbolicLink(target.resolveSibling(".detections.json.tmp"))).isFalse();
  }

  @Test
  void temporaryNamesFitInAFileName() throws Exception {
    String name = "\u00e9".repeat(120) + ".txt"; // 244 bytes in UTF-8
    String temp = AtomicTarget.tempName(name, ".tmp");
    assertThat(temp.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
    assertThat(temp).startsWith(".\u00e9").endsWith(".tmp");
    assertThat(AtomicTarget.tempName("a.txt", ".tmp")).isEqualTo(".a.txt.tmp");
    Path f = dir.resolve(name);
    AtomicTarget t = new AtomicTarget(f, ".tmp");
    try (OutputStream out = t.open()) {
      out.write(1);
    }
    t.commit();
    assertThat(Files.size(f)).isEqualTo(1);
  }
}
