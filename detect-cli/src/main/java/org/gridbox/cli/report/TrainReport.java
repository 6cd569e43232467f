package org.gridbox.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The report of a {@code gridbox train} run: {@code OUT/index.html} with the loss parts and the
 * validation AP per epoch as charts (from {@code history.csv}), the settings and the files of the
 * folder (checkpoints, model files). Written after every epoch, so it shows a run in progress.
 */
public final class TrainReport {
  /** The per-epoch log {@code gridbox train} writes. */
  static final String HISTORY = "history.csv";

  private TrainReport() {}

  /**
   * Writes {@code out/index.html}.
   *
   * @param out the training output folder
   * @param epochs the number of epochs the run was asked for
   * @param settings the run's settings
   * @return the page written
   */
  public static Path write(Path out, int epochs, List<RunSettings.Setting> settings) throws IOException {
    Path history = out.resolve(HISTORY);
    List<String> lines = Files.isRegularFile(history)
        ? Files.readAllLines(history, StandardCharsets.UTF_8) : List.of();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(out)) {
      s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().equals(ReportPage.INDEX))
          .sorted().forEach(files::add);
    }
    Path base = out.toAbsolutePath().normalize();
    return ReportPage.write(out, "gridbox train " + base.getFileName(), "train.js", g -> {
      g.writeStartObject();
      g.writeStringField("out", base.toString());
      g.writeNumberField("epochs", epochs);
      g.writeArrayFieldStart("columns");
      String[] header = lines.isEmpty() ? new String[0] : lines.get(0).split(",", -1);
      for (String h : header) {
        g.writeString(h.strip());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("rows"); // numbers, null where a cell is empty (no validation set)
      for (int i = 1; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        String[] cells = lines.get(i).split(",", -1);
        g.writeStartArray();
        for (int c = 0; c < header.length; c++) {
          String v = c < cells.length ? cells[c].strip() : "";
          try {
            ReportPage.number(g, v.isEmpty() ? Double.NaN : Double.parseDouble(v));
          } catch (NumberFormatException e) {
            g.writeNull();
          }
        }
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("files");
      for (Path f : files) {
        g.writeStartArray();
        g.writeString(f.getFileName().toString());
        g.writeNumber(Files.size(f));
        g.writeString(Files.getLastModifiedTime(f).toInstant().toString());
        g.writeEndArray();
      }
      g.writeEndArray();
      ReportPage.settings(g, settings);
      g.writeEndObject();
    });
  }
}
