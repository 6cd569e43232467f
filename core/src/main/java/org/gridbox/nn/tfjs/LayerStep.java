package org.gridbox.nn.tfjs;

import java.util.List;
import org.gridbox.nn.ComputeContext;
import org.gridbox.nn.Layer;
import org.gridbox.nn.Tensor;

/**
 * A convolution, depthwise convolution or pooling run by one of the engine's layers
 * ({@link org.gridbox.nn.Conv2d}, {@link org.gridbox.nn.MaxPool2d}). Input and output are logical NHWC
 * values held as NCHW memory ({@link Layouts#CHANNELS_FIRST}), which is the engine's layout, so the
 * buffers are handed over as they are.
 */
final class LayerStep extends Step {
  private final Layer layer;
  private final int[] inNchw;
  private final int[] outNchw;
  private final long macs;

  LayerStep(String op, List<String> nodes, Layer layer, Value x, Value out, long macs) {
    super(op, nodes, new Value[] {x}, out);
    this.layer = layer;
    this.inNchw = Layouts.permute(x.shape, Layouts.CHANNELS_FIRST);
    this.outNchw = Layouts.permute(out.shape, Layouts.CHANNELS_FIRST);
    this.macs = macs;
  }

  Layer layer() {
    return layer;
  }

  @Override
  void run(Object[] buffers, ComputeContext ctx) {
    layer.forward(Tensor.wrap(f(buffers, in[0]), inNchw), Tensor.wrap(f(buffers, out[0]), outNchw), ctx);
  }

  @Override
  long parameters() {
    return layer.parameterCount();
  }

  @Override
  long macs() {
    return macs;
  }
}
