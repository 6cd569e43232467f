package org.gridbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gridbox.cli.detect.DetectionLines;
import org.gridbox.cli.image.ImageFormat;
import org.gridbox.cli.image.ImageHeader;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.image.UnreadableImageException;
import org.gridbox.io.CocoJson;
import org.gridbox.io.DatasetFormatException;
import org.gridbox.io.ModelFormatException;
import org.gridbox.io.VocXml;
import org.gridbox.io.YoloTxt;
import org.gridbox.nn.tfjs.TfjsWeights;
import org.opencv.core.Mat;

/**
 * Coverage-guided fuzzing (Jazzer, libFuzzer underneath) of every parser a user's file reaches: the
 * image header probe and the OpenCV decode behind it, journal lines, YOLO txt, COCO JSON (ground
 * truth and results), VOC XML and TFJS weight manifests. Each input picks a parser with its first
 * value and feeds it the rest. The property: a parser either returns or throws its documented
 * "bad file" exception; anything else (another exception, an Error, a hang, a native crash) is a
 * finding, which Jazzer saves as a reproducer under {@code src/test/resources/.../ParserFuzzTestInputs}
 * (from then on replayed at the start of every fuzz run).
 *
 * <p>{@code mvn verify} fuzzes for {@code maxDuration} below (the {@code fuzz} execution sets
 * {@code JAZZER_FUZZ=1}); without it the saved inputs are replayed as regression tests. A longer
 * campaign: see docs/errors.md, "Fuzzing". Only one fuzz test may run per JVM in fuzzing mode, hence
 * one method that dispatches.
 */
class ParserFuzzTest {
  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("gridbox-parser-fuzz");
      DIR.toFile().deleteOnExit();
      Files.write(DIR.resolve("shard.bin"), new byte[64]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void parsers(FuzzedDataProvider data) throws Exception {
    int target = data.consumeInt(0, 7);
    byte[] bytes = data.consumeRemainingAsBytes();
    switch (target) {
      case 0 -> header(bytes);
      case 1 -> {
        try {
          DetectionLines.parseLine(new String(bytes, StandardCharsets.UTF_8), 0);
        } catch (IOException expected) {
          // not a journal line
        }
      }
      case 2 -> dataset(() -> YoloTxt.read(file("a.txt", bytes), 64, 48));
      case 3 -> dataset(() -> CocoJson.readGroundTruth(file("gt.json", bytes)));
      case 4 -> dataset(() -> CocoJson.readResults(file("res.json", bytes)));
      case 5 -> {
        Path voc = Files.createDirectories(DIR.resolve("voc"));
        Files.write(voc.resolve("a.xml"), bytes);
        dataset(() -> VocXml.readGroundTruth(voc, List.of("a", "b")));
      }
      case 6 -> {
        try {
          TfjsWeights.load(file("m.json", bytes));
        } catch (ModelFormatException expected) {
          // not a usable manifest
        }
      }
      default -> decode(bytes);
    }
  }

  private static void header(byte[] bytes) {
    String format = ImageFormat.sniff(bytes);
    if (format == null) {
      return;
    }
    try {
      ImageHeader h = ImageHeader.probe(bytes, format);
      assertThat(h.width()).isPositive();
      assertThat(h.height()).isPositive();
    } catch (UnreadableImageException expected) {
      // refused with a reason
    }
  }

  /** The whole decode path, probe first: OpenCV only ever sees images of at most 1 MP. */
  private static void decode(byte[] bytes) {
    OpenCvImages.load();
    try {
      Mat m = OpenCvImages.decode(bytes, 1 << 20);
      assertThat((long) m.cols() * m.rows()).isLessThanOrEqualTo(1 << 20);
      m.release();
    } catch (UnreadableImageException expected) {
      // refused with a reason
    }
  }

  private interface Read {
    Object run() throws IOException;
  }

  private static void dataset(Read read) {
    try {
      read.run();
    } catch (DatasetFormatException | IOException expected) {
      // a bad file, named in the message
    }
  }

  private static Path file(String name, byte[] bytes) throws IOException {
    return Files.write(DIR.resolve(name), bytes);
  }
}
