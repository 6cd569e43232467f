package org.gridbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gridbox.cli.shared.ExitCodes;
import org.gridbox.io.Category;
import org.gridbox.io.CocoJson;
import org.gridbox.io.CocoResults;
import org.gridbox.metrics.CocoStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The HTML reports in a real browser: headless Chromium (over the DevTools protocol) opens the
 * pages that {@code detect}, {@code eval --report}, {@code val} and {@code train} write on a fresh
 * synthetic set with the shipped shapes model, and checks what a user would: no console errors,
 * the counts equal {@code detections.json}, the score slider and the class filter hide boxes, the
 * eval table equals {@code eval.json}, the train charts show the epochs. Screenshots of every page
 * go to {@code target/report-screenshots/}.
 *
 * <p>Skipped (an assumption, with the reason) when no Chromium is installed; {@code .ci/run} installs
 * the Debian package so CI runs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportBrowserTest {
  private static final Path SHOTS = Path.of("target", "report-screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  @TempDir static Path shared;
  private HeadlessChromium chrome;
  private Path data;

  @BeforeAll
  void startBrowser() throws Exception {
    Path exe = HeadlessChromium.find();
    assumeTrue(exe != null, "no chromium on the PATH (nor GRIDBOX_CHROMIUM): the browser test of the HTML"
        + " reports is skipped; install it with 'apt-get install chromium chromium-driver' (.ci/run does)");
    chrome = new HeadlessChromium(exe, 1280, 900);
  }

  @AfterAll
  void stopBrowser() throws Exception {
    if (chrome != null) {
      chrome.close();
    }
  }

  private static String run(String... args) {
    CommandLine cl = GridboxCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    assertThat(code).as("gridbox %s\n%s\n%s", String.join(" ", args), out, err).isIn(0, ExitCodes.PARTIAL);
    return out.toString();
  }

  private Path dataset() {
    if (data == null) {
      data = shared.resolve("data");
      run("synth", "--out", data.toString(), "--count", "14", "--seed", "515151");
    }
    return data;
  }

  private int count(String selector) throws Exception {
    return chrome.eval("document.querySelectorAll(\"" + selector + "\").length").asInt();
  }

  @Test
  void detectPage() throws Exception {
    Path images = dataset().resolve("images");
    Path bad = Files.createDirectories(tmp.resolve("bad"));
    Files.writeString(bad.resolve("broken.jpg"), "not a jpeg");
    String out = run("detect", images.toString(), bad.resolve("broken.jpg").toString(), "--model", "shapes",
        "--conf", "0.02", "--out", tmp.resolve("runs").toString());
    Path runDir = tmp.resolve("runs/run1");
    Path page = runDir.resolve("index.html");
    assertThat(out).contains("Report: " + page);

    CocoResults r = CocoJson.readResults(runDir.resolve("detections.json"));
    chrome.clearErrors();
    chrome.open(page);
    chrome.settle();
    chrome.screenshot(SHOTS.resolve("detect.png"));
    assertThat(chrome.errors()).as("console errors").isEmpty();

    // counts per class at the slider's start (0) equal detections.json
    Map<String, Integer> perClass = new HashMap<>();
    for (Category c : r.categories()) {
      perClass.put(c.name(), 0);
    }
    for (int i = 0; i < r.size(); i++) {
      perClass.merge(r.categories().get(r.categoryIds()[i] - 1).name(), 1, Integer::sum);
    }
    for (var e : perClass.entrySet()) {
      String cell = chrome.eval("document.querySelector('#counts-table tr[data-key=\"" + e.getKey()
          + "\"] td[data-col=shown]').textContent").asText();
      assertThat(Integer.parseInt(cell.replace(",", ""))).as("detections of %s", e.getKey()).isEqualTo(e.getValue());
    }
    // every image is on the first page (14 < 48), every detection is a box, drawn from the original
    assertThat(count(".gallery .card")).isEqualTo(14);
    assertThat(count(".gallery rect.box")).isEqualTo(r.size());
    assertThat(chrome.eval("[...document.querySelectorAll('.gallery image')].every(i => i.getAttribute('href')"
        + ".includes('data/images/'))").asBoolean()).as("originals shown").isTrue();
    assertThat(count(".flag:not([hidden])")).as("cards showing a fallback").isZero();
    assertThat(count(".gallery svg[data-state=loaded]")).as("originals loaded").isEqualTo(14);

    // the slider hides boxes below the score
    chrome.eval("(() => { const s = document.getElementById('score'); s.value = 0.5;"
        + " s.dispatchEvent(new Event('input')); return true; })()");
    chrome.settle();
    int atHalf = 0;
    int circlesAtHalf = 0;
    for (int i = 0; i < r.size(); i++) {
      if ((float) r.scores()[i] >= 0.5f) {
        atHalf++;
        circlesAtHalf += r.categoryIds()[i] == 1 ? 1 : 0;
      }
    }
    assertThat(atHalf).as("the test needs boxes on both sides of 0.5").isBetween(1, r.size() - 1);
    assertThat(count(".gallery rect.box")).isEqualTo(atHalf);
    chrome.screenshot(SHOTS.resolve("detect-score-0.5.png"));

    // the class filter hides a class
    chrome.eval("(() => { const c = document.querySelector('#class-filter input[data-cls=\"0\"]'); c.click();"
        + " return true; })()");
    chrome.settle();
    assertThat(circlesAtHalf).as("the test needs circles above 0.5").isPositive();
    assertThat(count(".gallery rect.box[data-cls='0']")).isZero();
    assertThat(count(".gallery rect.box")).isEqualTo(atHalf - circlesAtHalf);

    // the failed input is listed with its reason
    assertThat(chrome.eval("document.getElementById('failed-table').textContent").asText()).contains("broken.jpg");

    // a click opens the full image with the same boxes, labelled
    chrome.eval("document.querySelector('.gallery .card').click(), true");
    chrome.settle();
    assertThat(chrome.eval("document.getElementById('lightbox').classList.contains('open')").asBoolean()).isTrue();
    assertThat(count("#lightbox text.label")).isEqualTo(count("#lightbox rect.box"));
    chrome.screenshotViewport(SHOTS.resolve("detect-full-image.png"));
    assertThat(chrome.errors()).as("console errors").isEmpty();
  }

  @Test
  void evalAndValPages() throws Exception {
    Path set = dataset();
    run("detect", set.resolve("images").toString(), "--model", "shapes", "--conf", "0.001",
        "--out", tmp.resolve("eval-runs").toString());
    Path report = tmp.resolve("eval-report");
    run("eval", "--gt", set.resolve("annotations.json").toString(), "--pred",
        tmp.resolve("eval-runs/run1/detections.json").toString(), "--report", report.toString());
    checkEvalPage(report, "eval");

    String out = run("val", "--model", "shapes", "--data", set.toString(), "--out", tmp.resolve("val").toString());
    assertThat(out).contains("AP50").contains("report: " + tmp.resolve("val/run1/index.html"));
    checkEvalPage(tmp.resolve("val/run1"), "val");
  }

  private void checkEvalPage(Path dir, String name) throws Exception {
    JsonNode expected = JSON.readTree(dir.resolve("eval.json").toFile());
    chrome.clearErrors();
    chrome.open(dir.resolve("index.html"));
    chrome.settle();
    chrome.screenshot(SHOTS.resolve(name + ".png"));
    assertThat(chrome.errors()).as("console errors").isEmpty();
    for (String key : CocoStats.KEYS) {
      String shown = chrome.eval("document.querySelector('#coco-stats [data-key=" + key + "] .v').textContent").asText();
      assertThat(shown).as(key).isEqualTo(fmt(expected.get("coco").get(key).asDouble()));
    }
    for (JsonNode c : expected.get("perClass")) {
      for (String key : new String[] {"AP", "AP50", "AP75"}) {
        JsonNode cell = chrome.eval("(() => { const td = document.querySelector('#class-table tr[data-key=\""
            + c.get("id").asInt() + "\"] td[data-col=" + key + "]'); return [td.dataset.value, td.textContent]; })()");
        assertThat(Double.parseDouble(cell.get(0).asText())).as("%s %s", c.get("name"), key)
            .isEqualTo(c.get("coco").get(key).asDouble());
        assertThat(cell.get(1).asText()).isEqualTo(fmt(c.get("coco").get(key).asDouble()));
      }
    }
    // sorting by name orders the rows by name
    chrome.eval("document.querySelector('#class-table th[data-col=name]').click(), true");
    JsonNode names = chrome.eval("[...document.querySelectorAll('#class-table tbody td[data-col=name]')]"
        + ".map(td => td.textContent)");
    for (int i = 1; i < names.size(); i++) {
      assertThat(names.get(i - 1).asText().compareTo(names.get(i).asText())).isLessThanOrEqualTo(0);
    }
    int classes = expected.get("perClass").size();
    assertThat(count("#pr svg.chart")).as("PR charts: all + one per class").isEqualTo(classes + 1);
    assertThat(count("#confusion-table td.cell")).isEqualTo((classes + 1) * (classes + 1));
    assertThat(count("#worst-fp .card") + count("#worst-miss .card")).isPositive();
    assertThat(count("#worst .card rect.gt")).isPositive();
    // the screenshot loaded every gallery image: the images folder was found from the report
    assertThat(count("#worst svg[data-state=loaded]")).isEqualTo(count("#worst .card"));
  }

  private static String fmt(double v) {
    return v < 0 ? "-1" : String.format(java.util.Locale.ROOT, "%.3f", v);
  }

  @Test
  void trainPage() throws Exception {
    Path out = tmp.resolve("train");
    run("train", "--data", dataset().toString(), "--val", dataset().toString(), "--cfg",
        Path.of(System.getProperty("gridbox.root", ".."), "testdata/models/shapes/shapes.cfg").toString(),
        "--epochs", "2", "--batch", "7", "--threads", "1", "--out", out.toString());
    chrome.clearErrors();
    chrome.open(out.resolve("index.html"));
    chrome.settle();
    chrome.screenshot(SHOTS.resolve("train.png"));
    assertThat(chrome.errors()).as("console errors").isEmpty();
    assertThat(chrome.eval("document.getElementById('train-stats').textContent").asText()).contains("2 / 2");
    assertThat(count("#loss-chart path.series")).isEqualTo(6);
    assertThat(count("#ap-chart path.series")).isEqualTo(3);
    assertThat(count("#loss-chart path[data-series=total] ~ circle, #loss-chart circle")).isPositive();
    assertThat(chrome.eval("document.getElementById('files-table').textContent").asText())
        .contains("last.weights").contains("shapes.weights").contains("history.csv");
  }
}
