package org.gridbox.nn.darknet;

import java.util.List;
import org.gridbox.nn.Network;
import org.gridbox.nn.darknet.DarknetSections.Inputs;
import org.gridbox.nn.darknet.DarknetSections.Plan;

/**
 * The readers of the detection heads {@code [yolo]}, {@code [region]} and {@code [detection]}: each
 * checks that the layer before it has exactly the channels its options imply (Darknet does not, and
 * reads past its buffers when they differ) and that {@code mask}/{@code anchors} are in range, then
 * becomes a {@link DarknetHead} that passes the raw tensor through.
 */
final class DarknetHeads {
  private DarknetHeads() {}

  static Plan yolo(CfgOptions o, Inputs in) {
    int classes = o.integer("classes", 20, 1, CfgOptions.MAX_DIM);
    int total = o.integer("num", 1, 1, CfgOptions.MAX_DIM);
    int[] mask = o.integers("mask", 0, total - 1);
    if (mask == null) {
      mask = new int[total];
      for (int i = 0; i < total; i++) {
        mask[i] = i;
      }
    }
    float[] anchors = o.numbers("anchors");
    if (anchors.length < 2 * total) {
      throw o.error("anchors", "num=" + total + " needs " + 2 * total + " values, got " + anchors.length);
    }
    int[] p = in.prev();
    long want = (long) mask.length * (classes + 5);
    if (p[0] != want) {
      throw o.error("the layer before has " + p[0] + " channels; " + mask.length + " masked anchors x (" + classes
          + " classes + 5) need " + want);
    }
    return head(o, in, mask.length + " anchors, " + classes + " classes");
  }

  static Plan region(CfgOptions o, Inputs in) {
    int classes = o.integer("classes", 20, 1, CfgOptions.MAX_DIM);
    int coords = o.integer("coords", 4, 4, 4);
    int num = o.integer("num", 1, 1, CfgOptions.MAX_DIM);
    float[] anchors = o.numbers("anchors");
    if (anchors.length < 2 * num) {
      throw o.error("anchors", "num=" + num + " needs " + 2 * num + " values, got " + anchors.length);
    }
    int[] p = in.prev();
    long want = (long) num * (coords + 1 + classes);
    if (p[0] != want) {
      throw o.error("the layer before has " + p[0] + " channels; " + num + " anchors x (" + coords + " coords + 1 + "
          + classes + " classes) need " + want);
    }
    return head(o, in, num + " anchors, " + classes + " classes");
  }

  static Plan detection(CfgOptions o, Inputs in) {
    int classes = o.integer("classes", 1, 1, CfgOptions.MAX_DIM);
    int coords = o.integer("coords", 1, 1, 64);
    int num = o.integer("num", 1, 1, CfgOptions.MAX_DIM);
    int side = o.integer("side", 7, 1, 4096);
    int[] p = in.prev();
    long inputs = (long) p[0] * p[1] * p[2];
    long want = (long) side * side * ((1 + coords) * num + classes);
    if (inputs != want) {
      throw o.error("the layer before has " + inputs + " values; side " + side + "^2 x ((1 + " + coords + ")*" + num
          + " + " + classes + ") need " + want);
    }
    return head(o, in, side + "x" + side + " cells, " + num + " boxes, " + classes + " classes");
  }

  private static Plan head(CfgOptions o, Inputs in, String detail) {
    return new Plan(in.prev(), in.prev().clone(), List.of(), 0, o.section.name(), detail, "", null, r -> {
      if (o.has("tree")) {
        throw o.error("tree", "not supported: a WordTree head (YOLO9000's hierarchical classes)");
      }
      return Network.Node.of(new DarknetHead(o.section), in.index() - 1);
    });
  }
}
