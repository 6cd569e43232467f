package org.gridbox.cli.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.gridbox.cli.image.ImageFormat;
import org.gridbox.cli.image.ImageHeader;
import org.gridbox.cli.image.OpenCvImages;
import org.gridbox.cli.image.UnreadableImageException;
import org.gridbox.cli.shared.UsageException;
import org.gridbox.io.ImageInfo;

/**
 * The images of a folder with their sizes, for YOLO txt inputs of {@code gridbox eval} (YOLO files
 * do not store the image size). The size comes from the file header ({@link ImageHeader}, no
 * decoding), so a damaged or hostile image cannot make eval allocate its pixels. Images are sorted
 * by file name and numbered from 1.
 */
public final class EvalImageSizes {
  private EvalImageSizes() {}

  private static final List<String> EXTENSIONS =
      List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff");

  public static List<ImageInfo> list(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new UsageException("--images must be a folder of images, got " + folder);
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(p -> Files.isRegularFile(p) && EXTENSIONS.stream()
              .anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)))
          .sorted().toList();
    }
    List<ImageInfo> out = new ArrayList<>();
    for (Path p : files) {
      int[] wh = size(p);
      out.add(new ImageInfo(out.size() + 1, p.getFileName().toString(), wh[0], wh[1]));
    }
    return out;
  }

  /**
   * The size an image file declares, read from its header ({@link ImageHeader}, the probe
   * {@code detect} uses before decoding), so no image is decoded here.
   *
   * @throws org.gridbox.io.DatasetFormatException naming the file and the reason
   */
  static int[] size(Path p) throws IOException {
    String problem = org.gridbox.io.InputFiles.problem(p, OpenCvImages.MAX_FILE_BYTES);
    if (problem != null) {
      throw unreadable(p, problem);
    }
    byte[] data = Files.readAllBytes(p);
    String format = ImageFormat.sniff(data);
    if (format == null) {
      throw unreadable(p, data.length == 0 ? "empty file (0 bytes)" : "not an image");
    }
    if (format.equals("GIF") && data.length >= 10) { // logical screen size, little-endian (detect reads no GIF)
      int w = (data[6] & 0xFF) | (data[7] & 0xFF) << 8;
      int h = (data[8] & 0xFF) | (data[9] & 0xFF) << 8;
      if (w > 0 && h > 0) {
        return new int[] {w, h};
      }
      throw unreadable(p, "corrupt GIF header (" + w + "x" + h + ")");
    }
    try {
      ImageHeader h = ImageHeader.probe(data, format);
      if (h.width() > Integer.MAX_VALUE || h.height() > Integer.MAX_VALUE) {
        throw unreadable(p, "declares " + h.width() + "x" + h.height() + " pixels");
      }
      return new int[] {(int) h.width(), (int) h.height()};
    } catch (UnreadableImageException e) {
      throw unreadable(p, e.getMessage());
    }
  }

  private static org.gridbox.io.DatasetFormatException unreadable(Path p, String why) {
    return new org.gridbox.io.DatasetFormatException(p + ": " + why + " (its size is needed, which YOLO"
        + " label files do not store)");
  }
}
