package org.gridbox.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gridbox.io.CocoJson;

/**
 * Not a test: writes {@code N} synthetic shapes PNGs into {@code DIR/images} and their boxes as
 * {@code DIR/instances.json} (see {@link SyntheticImages}), for checking by hand that {@code gridbox
 * eval} and {@link EvalJob} print the same numbers on {@link DetectJob}'s output.
 *
 * <p>Usage: {@code java -cp <test classpath> org.gridbox.spark.ShapesFixture DIR N}
 */
public final class ShapesFixture {
  private ShapesFixture() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path images = Files.createDirectories(dir.resolve("images"));
    CocoJson.writeGroundTruth(dir.resolve("instances.json"), SyntheticImages.write(images, Integer.parseInt(args[1]), 9));
  }
}
