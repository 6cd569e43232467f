package org.gridbox.nn.darknet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridbox.io.ModelFormatException;

/**
 * A Darknet {@code .cfg} file: an ordered list of sections ({@code [net]}, {@code [convolutional]},
 * ...), each with {@code key=value} options.
 *
 * <p>Parsing keeps the original text, so {@link #text()} of a parsed file returns it byte for byte
 * (comments, blank lines and spacing included). Section names are those of {@link DarknetSections}
 * (Darknet's short aliases such as {@code [conv]} and {@code [max]} are accepted and reported under
 * the full name); an unknown section, a line without {@code =} or without a value, and options before
 * the first section are errors naming the file and line. A key the section does not know is, as in
 * Darknet ("Unused field"), not an error: it is listed in {@link #warnings()} with file, line and
 * key, and {@link #requireNoWarnings()} turns the list into an error for a strict reader.
 */
public final class DarknetCfg {

  /** Largest cfg file read (bytes); Darknet's shipped cfgs are at most 20 KB. */
  public static final long MAX_CFG_BYTES = 16L << 20;

  /**
   * One section: its name (without brackets, canonical), options in file order, its line number
   * (1-based) and the line of each option.
   *
   * @param name the section name without brackets, e.g. {@code convolutional}
   * @param options key to value, in file order
   * @param line the 1-based line of the section header
   * @param keyLines key to the 1-based line it sits on
   */
  public record Section(String name, Map<String, String> options, int line, Map<String, Integer> keyLines) {
    /**
     * Copies the maps into unmodifiable insertion-ordered maps.
     *
     * @param name the section name without brackets
     * @param options key to value, in file order
     * @param line the 1-based line of the section header
     * @param keyLines key to the 1-based line it sits on
     */
    public Section {
      options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
      keyLines = Collections.unmodifiableMap(new LinkedHashMap<>(keyLines));
    }

    /**
     * A section whose options all sit on the section's line (for generated cfgs).
     *
     * @param name the section name without brackets
     * @param options key to value, in order
     * @param line the 1-based line reported for the section and its keys
     */
    public Section(String name, Map<String, String> options, int line) {
      this(name, options, line, Map.of());
    }

    /**
     * The option's value, or {@code fallback} when absent.
     *
     * @param key the option's key
     * @param fallback returned when the key is absent
     * @return the value as written in the cfg, or {@code fallback}
     */
    public String get(String key, String fallback) {
      return options.getOrDefault(key, fallback);
    }

    /**
     * The line of {@code key}, or the section's line when it is absent or generated.
     *
     * @param key the option's key
     * @return a 1-based line number
     */
    public int lineOf(String key) {
      return keyLines.getOrDefault(key, line);
    }
  }

  private final List<Section> sections;
  private final String text;
  private final String source;
  private final List<String> warnings;

  private DarknetCfg(List<Section> sections, String text, String source, List<String> warnings) {
    this.sections = List.copyOf(sections);
    this.text = text;
    this.source = source;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Reads and parses a cfg file (UTF-8), checking its size first.
   *
   * @param file the cfg file
   * @return the parsed cfg; unknown keys are in {@link #warnings()}
   * @throws IOException if the file cannot be read
   * @throws ModelFormatException naming the file and line of the first error
   */
  public static DarknetCfg read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new ModelFormatException(file + ": not a regular file");
    }
    long size = Files.size(file);
    if (size > MAX_CFG_BYTES) {
      throw new ModelFormatException(file + ": " + size + " bytes is larger than a Darknet cfg can be (limit "
          + MAX_CFG_BYTES + ")");
    }
    return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses cfg text.
   *
   * @param text the cfg's contents
   * @return the parsed cfg; unknown keys are in {@link #warnings()}
   * @param source name used in error messages (e.g. the file name)
   * @throws ModelFormatException naming the source and line of the first error
   */
  public static DarknetCfg parse(String text, String source) {
    List<Section> sections = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String name = null;
    int sectionLine = 0;
    Map<String, String> options = null;
    Map<String, Integer> keyLines = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        if (!line.endsWith("]")) {
          throw new ModelFormatException(source + ":" + lineNo + ": section header must end with ']', got '" + line + "'");
        }
        if (name != null) {
          sections.add(new Section(name, options, sectionLine, keyLines));
        }
        String raw = line.substring(1, line.length() - 1).strip();
        name = DarknetSections.canonicalName(raw);
        if (name == null) {
          throw new ModelFormatException(source + ":" + lineNo + ": unknown section [" + raw + "]; Darknet's are "
              + DarknetSections.names());
        }
        sectionLine = lineNo;
        options = new LinkedHashMap<>();
        keyLines = new LinkedHashMap<>();
        continue;
      }
      if (name == null) {
        throw new ModelFormatException(source + ":" + lineNo + ": option before the first section: '" + line + "'");
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new ModelFormatException(source + ":" + lineNo + ": expected key=value in [" + name + "], got '" + line + "'");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (value.isEmpty()) {
        throw new ModelFormatException(source + ":" + lineNo + ": missing value for key '" + key + "' in [" + name + "]");
      }
      if (!DarknetSections.keys(name).contains(key)) {
        warnings.add(source + ":" + lineNo + ": unknown key '" + key + "' in [" + name + "], ignored");
      }
      options.put(key, value);
      keyLines.put(key, lineNo);
    }
    if (name != null) {
      sections.add(new Section(name, options, sectionLine, keyLines));
    }
    if (sections.isEmpty() || !sections.get(0).name().equals("net")) {
      throw new ModelFormatException(source + ": the first section must be [net]");
    }
    return new DarknetCfg(sections, text, source, warnings);
  }

  /**
   * Builds a cfg from sections; {@link #text()} then renders them canonically ({@code key=value}, a
   * blank line between sections).
   *
   * @param sections the sections, {@code [net]} first
   * @return the cfg, parsed back from the rendered text (source {@code <generated>})
   */
  public static DarknetCfg of(List<Section> sections) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sections.size(); i++) {
      Section s = sections.get(i);
      if (i > 0) {
        sb.append('\n');
      }
      sb.append('[').append(s.name()).append("]\n");
      s.options().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    }
    return parse(sb.toString(), "<generated>");
  }

  /**
   * One line per key that no section of its type reads ({@code FILE:LINE: unknown key 'K' in [S],
   * ignored}), in file order; Darknet prints these as "Unused field" and goes on.
   *
   * @return the warnings, possibly empty
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Strict reading: throws when {@link #warnings()} is not empty.
   *
   * @return this cfg
   * @throws ModelFormatException with the first unknown key (file, line, key) and the count of others
   */
  public DarknetCfg requireNoWarnings() {
    if (!warnings.isEmpty()) {
      throw new ModelFormatException(warnings.get(0).replace(", ignored", "")
          + (warnings.size() > 1 ? " (and " + (warnings.size() - 1) + " more unknown keys)" : ""));
    }
    return this;
  }

  /**
   * The name given when parsing (the file name for {@link #read}).
   *
   * @return the source name
   */
  public String source() {
    return source;
  }

  /**
   * All sections, {@code [net]} first.
   *
   * @return the sections (unmodifiable)
   */
  public List<Section> sections() {
    return sections;
  }

  /**
   * The layer sections (all but {@code [net]}); layer {@code i} of Darknet is {@code layers().get(i)}.
   *
   * @return the layer sections (unmodifiable)
   */
  public List<Section> layers() {
    return sections.subList(1, sections.size());
  }

  /**
   * The {@code [net]} section.
   *
   * @return the first section
   */
  public Section net() {
    return sections.get(0);
  }

  /**
   * The cfg text: the original bytes for a parsed file.
   *
   * @return the text
   */
  public String text() {
    return text;
  }

  /**
   * Writes {@link #text()} as UTF-8 (via a temporary file renamed into place).
   *
   * @param file the destination
   * @throws IOException if the file cannot be written
   */
  public void write(Path file) throws IOException {
    org.gridbox.io.AtomicTarget.write(file, ".tmp", text.getBytes(StandardCharsets.UTF_8));
  }
}
