package org.gridbox.decode;

import java.util.List;

/**
 * A decoder turns the raw output tensors of one detection head into candidate boxes in
 * network-input pixels ({@code xyxy}) with class-specific scores, appended to a {@link Candidates}
 * buffer. Map them to original-image pixels with {@link org.gridbox.image.Letterbox#toSource}, or use
 * {@link DetectionPipeline}, which also applies NMS.
 *
 * <p>Every candidate has a finite box and a score strictly greater than the threshold. One rule for
 * values that are not numbers holds in every decoder and layout: a box with a NaN or infinite
 * coordinate is dropped; a NaN or infinite class score (or an infinite logit) is never chosen, and
 * the candidate's other classes still count. A raw tensor whose shape does not match the decoder's
 * declared layout is an {@link IllegalArgumentException} naming the expected and the actual shape
 * and the layout assumed. Implementations are immutable and thread-safe.
 */
public sealed interface Decoder
    permits OneTensorDecoder, SsdDecoder, DistributionDecoder {

  /** {@return number of classes this decoder reports (class ids are {@code 0..numClasses()-1})} */
  int numClasses();

  /** {@return network input width in pixels (the unit of the boxes written)} */
  int inputWidth();

  /** {@return network input height in pixels} */
  int inputHeight();

  /** {@return how many raw tensors {@link #decode} expects, in order (1 for YOLO, 2 for SSD)} */
  int outputCount();

  /**
   * Decodes raw outputs and appends candidates (score {@code > scoreThreshold}) to {@code out}.
   *
   * @param outputs the head's raw tensors, {@link #outputCount()} of them, in the documented order
   * @param scoreThreshold keep candidates whose class-specific score is strictly greater
   * @param selection best class only, or every class above the threshold
   * @param out buffer to append to (not cleared)
   */
  void decode(List<RawOutput> outputs, float scoreThreshold, ClassSelection selection, Candidates out);
}
