package org.gridbox.decode;

import java.util.List;

/**
 * The common part of the decoders that read one raw tensor per head (anchor grids, YOLOv1, YOLOv5,
 * YOLOv8, Darknet rows): the network input size, {@link #outputCount()} = 1, and the list form of
 * {@link #decode} that unwraps the single {@link RawOutput}. A subclass states its layout in its
 * class javadoc, validates its arguments and implements {@link #decode(float[], int[], float,
 * ClassSelection, Candidates)}, ending each candidate in the shared per-candidate routine.
 */
public abstract sealed class OneTensorDecoder implements Decoder
    permits AnchorDecoder, YoloV1Decoder, YoloV5Decoder, YoloV8Decoder, DarknetRowsDecoder {
  /** Network input width, pixels (read by the subclasses' decoding loops). */
  final int inputWidth;
  /** Network input height, pixels. */
  final int inputHeight;

  /** Stores the network input size; the subclass constructor validates it. */
  OneTensorDecoder(int inputWidth, int inputHeight) {
    this.inputWidth = inputWidth;
    this.inputHeight = inputHeight;
  }

  @Override
  public final int inputWidth() {
    return inputWidth;
  }

  @Override
  public final int inputHeight() {
    return inputHeight;
  }

  @Override
  public final int outputCount() {
    return 1;
  }

  @Override
  public final void decode(List<RawOutput> outputs, float scoreThreshold, ClassSelection selection,
      Candidates out) {
    ShapeCheck.requireCount(getClass().getSimpleName(), 1, outputs.size());
    RawOutput o = outputs.get(0);
    decode(o.data(), o.shape(), scoreThreshold, selection, out);
  }

  /**
   * Decodes one raw tensor; see the subclass javadoc for the layout and the returned space.
   *
   * @param raw the tensor's values in the subclass's layout
   * @param shape the tensor's shape (leading 1-sized dimensions optional)
   * @param scoreThreshold keep candidates with score {@code > scoreThreshold}, in [0, 1)
   * @param selection best class or every class above the threshold
   * @param out buffer to append to
   */
  public abstract void decode(float[] raw, int[] shape, float scoreThreshold,
      ClassSelection selection, Candidates out);
}
