package org.gridbox.cli.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridbox.cli.GridboxCommand;
import org.gridbox.simd.Simd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

public class SummaryCommandTest {
  public static final Path CS231N = Path.of(System.getProperty("gridbox.root"), "testdata", "models", "darknet", "cs231n.cfg");

  private static String[] run(String... args) {
    CommandLine cl = GridboxCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void cs231nExplainedShows32x32x10And760() {
    String[] r = run("summary", CS231N.toString(), "--explain");
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1]).contains("32x32x10").contains("(32 + 2*2 - 5)/1 + 1 = 32").contains("(5*5*3 + 1)*10 = 760")
        .contains("760");
  }

  @Test
  void nonIntegerShapeIsOneLineErrorExit1(@TempDir Path tmp) throws Exception {
    Path cfg = tmp.resolve("bad.cfg");
    Files.writeString(cfg, Files.readString(CS231N).replace("stride=1\npad=1", "stride=2\npad=1"));
    String[] r = run("summary", cfg.toString(), "--rounding", "strict");
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[2]).contains("layer 0").contains("(32 + 2*2 - 5)/2 + 1 = 31/2 + 1 = 16.50").doesNotContain("\tat ");
    assertThat(r[2].strip().lines().count()).isEqualTo(1);
    // Darknet's floor rounding is the default; --explain says which layer is not a whole number
    String[] floor = run("summary", cfg.toString(), "--explain");
    assertThat(floor[0]).isEqualTo("0");
    assertThat(floor[1]).contains("16x16x10").contains("non-integer: width (32 + 2*2 - 5)/2 + 1 = 31/2 + 1 = 16.50, floor: 16")
        .contains("note: the output size of layer 0 is not a whole number");
  }

  @Test
  void unknownKeysWarnAndStrictRefuses(@TempDir Path tmp) throws Exception {
    Path cfg = tmp.resolve("typo.cfg");
    Files.writeString(cfg, Files.readString(CS231N).replace("stride=2\n", "stride=2\nsizee=3\n"));
    String[] r = run("summary", cfg.toString());
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[2]).contains("warning: " + cfg + ":").contains("unknown key 'sizee' in [maxpool], ignored");
    String[] s = run("summary", cfg.toString(), "--strict");
    assertThat(s[0]).isEqualTo("1");
    assertThat(s[2]).contains("unknown key 'sizee'").doesNotContain("\tat ");
  }

  @Test
  void inputOverrideAndUsageErrors() {
    // a [connected] layer takes its input size from the layer before it: 32*32*10 = 10,240 inputs at 64x64
    String[] big = run("summary", CS231N.toString(), "--input", "64x64x3");
    assertThat(big[0]).isEqualTo("0");
    assertThat(big[1]).contains("64x64x10").contains("102,410"); // 10,240*10 + 10
    String[] r = run("summary", CS231N.toString(), "--input", "64x3");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("WIDTHxHEIGHTxCHANNELS");
    assertThat(run("summary", "no-such.cfg")[0]).isEqualTo("2");
  }

  @Test
  void summaryEndsWithTheKernelChoice() {
    String[] r = run("summary", CS231N.toString());
    assertThat(r[0]).isEqualTo("0");
    // surefire runs with --add-modules jdk.incubator.vector (see the pom)
    assertThat(Simd.describe()).startsWith("Vector API, ").endsWith("-bit");
    assertThat(r[1].strip().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("compute: " + Simd.describe());
    assertThat(r[2]).doesNotContain("compute:");
  }

  static final Path MODELS = Path.of(System.getProperty("gridbox.root"), "testdata", "models");

  @Test
  void graphModelPrintsItsPlan() {
    Path json = MODELS.resolve("nanodet").resolve("nanodet.json");
    org.gridbox.nn.tfjs.TfjsGraphModel m = org.gridbox.nn.tfjs.TfjsGraphModel.load(json);
    String[] r = run("summary", json.toString());
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[2]).isEmpty();
    long params = m.plan().stream().mapToLong(org.gridbox.nn.tfjs.PlanStep::parameters).sum();
    long macs = m.plan().stream().mapToLong(org.gridbox.nn.tfjs.PlanStep::macs).sum();
    assertThat(r[1]).contains("inputs " + m.inputNames().get(0) + "[1, 3, 416, 416]")
        .contains("total: " + m.plan().size() + " steps, " + params + " parameters, " + macs + " MACs")
        .contains("Conv2D").contains("activations: ").contains("compute: " + Simd.describe());
    // one row per step, numbered from 0
    assertThat(r[1].lines().filter(l -> l.matches("\\s*\\d+  .*")).count()).isEqualTo(m.plan().size());
  }

  @Test
  void graphModelRejectsCfgOptionsAndBadJsonInOneLine(@TempDir Path tmp) throws Exception {
    Path json = MODELS.resolve("centernet").resolve("centernet.json");
    String[] r = run("summary", json.toString(), "--input", "32x32x3");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("Darknet .cfg files only").doesNotContain("\tat ");
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\"format\": \"graph-model\"");
    String[] b = run("summary", bad.toString());
    assertThat(b[0]).isEqualTo("1");
    assertThat(b[2]).contains(bad.toString()).doesNotContain("\tat ");
  }

  private static String withoutSource(String table) {
    return table.replaceFirst("^[^\n]*: TFJS graph model,", "TFJS graph model,");
  }

  @Test
  void builtInModelsByTheirDetectNames() {
    Path models = Path.of(System.getProperty("gridbox.root"), "testdata", "models");
    // the built-in nanodet, centernet and shapes are the files in testdata: the same tables as by path (the
    // graph models' first line names where the file was read)
    for (String[] m : new String[][] {{"nanodet", "nanodet/nanodet.json"}, {"centernet", "centernet/centernet.json"},
        {"shapes", "shapes/shapes.cfg"}}) {
      String[] byName = run("summary", m[0]);
      String[] byPath = run("summary", models.resolve(m[1]).toString());
      assertThat(byName[0]).as(m[0]).isEqualTo("0");
      assertThat(withoutSource(byName[1])).as(m[0]).isEqualTo(withoutSource(byPath[1])).contains("compute: ")
          .contains(m[0].equals("shapes") ? "8x8x13" : "steps");
    }
    // the Tiny Face Detector's engine network: 416 in, 13x13x25 out, its parameter count
    String[] face = run("summary", "face");
    assertThat(face[0]).isEqualTo("0");
    long params = org.gridbox.models.TinyFaceDetector.builtIn().network().parameterCount();
    assertThat(face[1]).contains("416x416x3").contains("13x13x25")
        .contains(String.format(java.util.Locale.ROOT, "total parameters %,d", params));
    // face-ssd: a clear refusal; a name that is neither a file nor a built-in model lists the built-in ones
    String[] ssd = run("summary", "face-ssd");
    assertThat(ssd[0]).isEqualTo("2");
    assertThat(ssd[2]).contains("summary of face-ssd is not available");
    String[] none = run("summary", "nanodett");
    assertThat(none[0]).isEqualTo("2");
    assertThat(none[2]).contains("model file not found: nanodett (the built-in models are nanodet, centernet");
  }
}
