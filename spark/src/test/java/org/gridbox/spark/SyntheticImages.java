package org.gridbox.spark;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.gridbox.geom.Box;
import org.gridbox.io.CocoGroundTruth;
import org.gridbox.io.ImageInfo;

/**
 * PNG files {@code img000.png ...} of 96..159 px with three filled rectangles ("square") and
 * ellipses ("circle") each — what the shapes model was trained on — and their boxes as a COCO
 * ground truth (image id = index + 1, categories named as the model's classes).
 */
final class SyntheticImages {
  private SyntheticImages() {}

  static CocoGroundTruth write(Path dir, int n, long seed) throws IOException {
    Random rnd = new Random(seed);
    CocoGroundTruth.Builder gt = CocoGroundTruth.builder().category(1, "circle").category(2, "square")
        .category(3, "triangle");
    for (int i = 0; i < n; i++) {
      BufferedImage im = new BufferedImage(96 + rnd.nextInt(64), 96 + rnd.nextInt(64), BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = im.createGraphics();
      g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
      g.fillRect(0, 0, im.getWidth(), im.getHeight());
      List<Object[]> boxes = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
        int x = rnd.nextInt(60);
        int y = rnd.nextInt(60);
        int w = 20 + rnd.nextInt(30);
        int h = 20 + rnd.nextInt(30);
        boolean rect = rnd.nextBoolean();
        if (rect) {
          g.fillRect(x, y, w, h);
        } else {
          g.fillOval(x, y, w, h);
        }
        boxes.add(new Object[] {rect ? 2 : 1, new Box(x, y, x + w, y + h)});
      }
      g.dispose();
      String name = String.format("img%03d.png", i);
      ImageIO.write(im, "png", dir.resolve(name).toFile());
      gt.image(new ImageInfo(i + 1, name, im.getWidth(), im.getHeight()));
      for (Object[] b : boxes) {
        gt.box(i + 1, (Integer) b[0], (Box) b[1]);
      }
    }
    return gt.build();
  }
}
