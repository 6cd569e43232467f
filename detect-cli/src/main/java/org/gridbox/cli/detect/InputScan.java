package org.gridbox.cli.detect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gridbox.cli.image.ImageFormat;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.io.InputFiles;

/**
 * The images of a run, found from the paths on the command line.
 *
 * <p>A file named on the command line is always an input (if it is no image, decoding says why); a
 * path on the command line that does not exist is a failure of its own (the run goes on with the
 * others) unless none of them exists, which is a usage error. In a folder, files with an image
 * extension ({@link ImageFormat#EXTENSIONS}) or image content are inputs; other files are skipped
 * with a note; hidden files (name starting with '.') are ignored; subfolders are searched with
 * {@code --recursive} only, each real folder once (a link back to a folder already searched is
 * noted, not followed again). Anything that is not a regular file (FIFO, device, socket, also behind
 * a link) is a failure "not a regular file", found without opening it, so nothing can block. A
 * folder that cannot be listed is a failure. Entries are sorted by name, so the order (and the image
 * ids) do not depend on the file system.
 *
 * @param images the inputs, in order
 * @param skipped files that are not images (a note, not a failure)
 * @param failures folders that could not be read
 */
record InputScan(List<ImageInput> images, List<InputNote> skipped, List<InputNote> failures) {

  /**
   * Scans {@code paths}.
   *
   * @param paths files and folders from the command line
   * @param recursive search subfolders
   * @param exclude a folder never to descend into (the output folder), or null
   * @throws UsageException if no path exists
   */
  static InputScan of(List<Path> paths, boolean recursive, Path exclude) {
    List<ImageInput> images = new ArrayList<>();
    List<InputNote> skipped = new ArrayList<>();
    List<InputNote> failures = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<Path> visited = new HashSet<>();
    Path excluded = exclude == null ? null : exclude.toAbsolutePath().normalize();
    if (paths.stream().noneMatch(p -> Files.exists(p))) {
      throw new UsageException("no such file or folder: " + paths.get(0)
          + (paths.size() > 1 ? " (nor any of the other " + (paths.size() - 1) + " paths)" : ""));
    }
    for (Path p : paths) {
      if (!Files.exists(p)) {
        failures.add(new InputNote(p, Files.isSymbolicLink(p)
            ? "broken link (its target does not exist)" : "no such file or folder"));
      } else if (Files.isDirectory(p)) {
        walk(p, p, recursive, excluded, images, skipped, failures, names, visited);
      } else if (InputFiles.problem(p, Long.MAX_VALUE) != null) {
        failures.add(new InputNote(p, InputFiles.problem(p, Long.MAX_VALUE)));
      } else {
        images.add(new ImageInput(images.size(), p, unique(p.getFileName().toString(), names)));
      }
    }
    return new InputScan(List.copyOf(images), List.copyOf(skipped), List.copyOf(failures));
  }

  private static void walk(Path root, Path dir, boolean recursive, Path excluded,
      List<ImageInput> images, List<InputNote> skipped, List<InputNote> failures, Set<String> names,
      Set<Path> visited) {
    try {
      if (!visited.add(dir.toRealPath())) {
        skipped.add(new InputNote(dir, "folder already searched (a link to " + dir.toRealPath() + ")"));
        return;
      }
    } catch (IOException e) {
      failures.add(new InputNote(dir, "folder not readable: " + e.getMessage()));
      return;
    }
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path e : ds) {
        entries.add(e);
      }
    } catch (AccessDeniedException e) {
      failures.add(new InputNote(dir, "folder not readable (permission denied)"));
      return;
    } catch (IOException e) {
      failures.add(new InputNote(dir, "folder not readable: " + e.getMessage()));
      return;
    }
    entries.sort(null);
    int subfolders = 0;
    for (Path e : entries) {
      String fileName = e.getFileName().toString();
      if (fileName.startsWith(".")) {
        continue;
      }
      if (Files.isDirectory(e)) {
        if (excluded != null && e.toAbsolutePath().normalize().equals(excluded)) {
          continue;
        }
        if (recursive) {
          walk(root, e, true, excluded, images, skipped, failures, names, visited);
        } else {
          subfolders++;
        }
        continue;
      }
      if (!Files.exists(e)) {
        failures.add(new InputNote(e, "broken link (its target does not exist)"));
        continue;
      }
      String problem = InputFiles.problem(e, Long.MAX_VALUE);
      if (problem != null) {
        failures.add(new InputNote(e, problem));
        continue;
      }
      if (ImageFormat.hasImageExtension(fileName) || hasImageContent(e)) {
        String rel = root.relativize(e).toString().replace(e.getFileSystem().getSeparator(), "/");
        images.add(new ImageInput(images.size(), e, unique(rel, names)));
      } else {
        String ext = ImageFormat.extension(fileName);
        skipped.add(new InputNote(e, "not an image" + (ext.isEmpty() ? "" : " (." + ext + ")")));
      }
    }
    if (subfolders > 0) {
      skipped.add(new InputNote(dir, subfolders + " subfolder" + (subfolders == 1 ? "" : "s")
          + " not searched (use --recursive)"));
    }
  }

  /** True if the file starts with the bytes of an image format; false if it cannot be read. */
  private static boolean hasImageContent(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return ImageFormat.sniff(in.readNBytes(16)) != null;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code name}, or {@code name} with "_2", "_3", ... before the extension if already taken. */
  private static String unique(String name, Set<String> taken) {
    String candidate = name;
    int dot = name.lastIndexOf('.');
    String stem = dot <= 0 ? name : name.substring(0, dot);
    String ext = dot <= 0 ? "" : name.substring(dot);
    for (int k = 2; !taken.add(candidate); k++) {
      candidate = stem + "_" + k + ext;
    }
    return candidate;
  }
}
