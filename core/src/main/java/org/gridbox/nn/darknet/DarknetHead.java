package org.gridbox.nn.darknet;

import java.util.List;
import org.gridbox.nn.ComputeContext;
import org.gridbox.nn.Layer;
import org.gridbox.nn.Tensor;

/**
 * A Darknet detection head ({@code [yolo]}, {@code [region]}, {@code [detection]}) as a layer: it passes
 * its input through unchanged, so the network's output at this node is the <em>raw</em> tensor
 * {@code [N, A·(5 + classes), H, W]} (or the YOLOv1 layout for {@code [detection]}) that the decoders
 * read. Its options (anchors, mask, classes, ...) are kept for them.
 */
public final class DarknetHead implements Layer {
  private final DarknetCfg.Section section;

  /** @param section the cfg section of this head */
  public DarknetHead(DarknetCfg.Section section) {
    this.section = section;
  }

  /** The cfg section (name and options). */
  public DarknetCfg.Section section() {
    return section;
  }

  @Override
  public String describe() {
    return section.name() + " (raw output)";
  }

  @Override
  public long parameterCount() {
    return 0;
  }

  @Override
  public int[] outputShape(int[] input) {
    Layer.requireNchw(this, input);
    return input.clone();
  }

  @Override
  public void forward(Tensor input, Tensor output, ComputeContext ctx) {
    System.arraycopy(input.data(), 0, output.data(), 0, input.size());
  }

  /** Backward of the identity: {@code dx += dy}. */
  @Override
  public void backward(Tensor x, Tensor y, Tensor dy, Tensor dx, List<float[]> dParams, ComputeContext ctx) {
    if (dx != null) {
      for (int i = 0; i < dx.size(); i++) {
        dx.data()[i] += dy.data()[i];
      }
    }
  }
}
