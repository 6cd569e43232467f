package org.gridbox.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.detection.Detections;
import org.gridbox.image.FloatImage;
import org.gridbox.nn.Network;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import org.gridbox.nn.darknet.DarknetWeights;

/**
 * gridbox's twin of testdata/reference/darknet-parity/darknet_search.c, for cfgs whose Darknet forward
 * is too slow to search with on the shared machine (yolov3 at 608): counts the Darknet-exact listings
 * on each photo for a grid of formula head gains and shifts, applied after one forward to the raw head
 * inputs (exact when only the layers feeding the heads lack batch norm, as in YOLOv2/YOLOv3). Only a
 * search aid: the chosen values are then run by Darknet itself (make_detections.sh), and the fixtures
 * are Darknet's output.
 *
 * <p>Run (after {@code mvn -pl core test-compile}): {@code java --add-modules jdk.incubator.vector
 * -Dgridbox.root=$PWD -cp core/target/classes:core/target/test-classes org.gridbox.models.DarknetParamSearch
 * yolov3 1.0 "0.25 0.5 1 2" "-4 -5 -6 -7 -8" dog horses}
 */
final class DarknetParamSearch {
  private DarknetParamSearch() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("gridbox.root", "."), "testdata");
    DarknetCfg cfg = DarknetCfg.read(root.resolve("darknet-cfg/" + args[0] + ".cfg"));
    double gain = Double.parseDouble(args[1]);
    double[] heads = parse(args[2]);
    double[] shifts = parse(args[3]);
    DarknetWeights w = DarknetWeights.formula(cfg, gain, 1, 0);
    DarknetModel model = DarknetModel.of(cfg, w, "formula");
    DarknetModel.Layout layout = DarknetModel.layout(cfg, "formula");
    DarknetDetector det = DarknetDetector.of(model, args[0], ClassNames.numbered(DarknetDetector.classCount(model)),
        DarknetDetector.defaultOptions(), DarknetDetector.Resize.LETTERBOX);
    int netW = model.inputShape()[3], netH = model.inputShape()[2];
    List<Integer> headLayers = model.outputLayers();
    int[][] counts = new int[heads.length * shifts.length][args.length - 4];
    try (Network.Session s = model.network().newSession(1)) {
      for (int m = 4; m < args.length; m++) {
        FloatImage image = DarknetExactParityTest.readPpmGz(root.resolve("reference/darknet-parity/images/" + args[m] + ".ppm.gz"));
        float[] x = DarknetExact.letterbox(image, netW, netH);
        s.forward(Tensor.wrap(x, model.inputShape()));
        List<float[]> base = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        List<float[]> bias = new ArrayList<>();
        for (int i : headLayers) {
          base.add(s.output(i).data().clone());
          shapes.add(s.output(i).shape());
          for (DarknetModel.Block b : layout.blocks()) {
            if (b.layer() == i - 1 && b.kind() == DarknetModel.Kind.BIASES) {
              bias.add(java.util.Arrays.copyOfRange(w.values(), b.offset(), b.offset() + b.length()));
            }
          }
        }
        for (int a = 0; a < heads.length; a++) {
          for (int b = 0; b < shifts.length; b++) {
            List<float[]> outs = new ArrayList<>();
            for (int k = 0; k < base.size(); k++) {
              float[] o = base.get(k).clone();
              int[] sh = shapes.get(k);
              int plane = sh[sh.length - 1] * sh[sh.length - 2];
              float[] bk = bias.get(k);
              for (int j = 0; j < o.length; j++) {
                float bj = bk[j / plane];
                o[j] = (float) (Math.sqrt(heads[a]) * (o[j] - bj) + bj + shifts[b]);
              }
              outs.add(o);
            }
            Detections d = DarknetExact.detect(det.exactHeads(), outs, shapes, netW, netH, image.width(), image.height(),
                0.25f, 0.45f, DarknetExact.YoloV1Scores.RAW_PRODUCT);
            counts[a * shifts.length + b][m - 4] = d.size();
          }
        }
      }
    }
    System.out.println("# " + args[0] + " gain " + gain + " (gridbox exact mode, post-hoc head pairs); HEAD SHIFT then a count per photo");
    for (int a = 0; a < heads.length; a++) {
      for (int b = 0; b < shifts.length; b++) {
        StringBuilder sb = new StringBuilder(heads[a] + " " + shifts[b]);
        for (int c : counts[a * shifts.length + b]) {
          sb.append("  ").append(c);
        }
        System.out.println(sb);
      }
    }
  }

  private static double[] parse(String list) {
    return java.util.Arrays.stream(list.trim().split("[ ,]+")).mapToDouble(Double::parseDouble).toArray();
  }
}
