package org.gridbox.decode;

import org.gridbox.Check;

/**
 * How an SSD confidence output is read: {@code channels} logits per prior; softmax over all of them
 * or an independent sigmoid per channel; the reported classes are channels
 * {@code firstClassChannel .. firstClassChannel + numClasses − 1} (class id = channel −
 * firstClassChannel). Other channels (background, unused) are never reported.
 *
 * @param channels logits per prior, {@code >= 1}
 * @param firstClassChannel channel of class 0
 * @param numClasses reported classes, {@code >= 1}, {@code firstClassChannel + numClasses <= channels}
 * @param activation softmax (with background) or sigmoid
 */
public record SsdScores(int channels, int firstClassChannel, int numClasses,
    ClassActivation activation) {

  /**
   * Validates the channel range and a non-null activation.
   *
   * @param channels logits per prior, {@code >= 1}
   * @param firstClassChannel channel of class 0
   * @param numClasses reported classes, {@code >= 1}, {@code firstClassChannel + numClasses <= channels}
   * @param activation softmax (with background) or sigmoid
   */
  public SsdScores {
    Check.argument(!(channels < 1 || numClasses < 1 || firstClassChannel < 0 || firstClassChannel + numClasses > channels),
        "need 0 <= firstClassChannel and firstClassChannel + numClasses <= channels, got channels=%s, firstClassChannel=%s, numClasses=%s",
        channels, firstClassChannel, numClasses);
    Check.argument(activation != null, "activation must not be null");
  }

  /**
   * Caffe / PyTorch SSD: {@code numClasses + 1} channels, channel 0 is the background, softmax.
   *
   * @param numClasses foreground classes (class id {@code k} is channel {@code k + 1})
   * @return the score rule
   */
  public static SsdScores softmaxWithBackground(int numClasses) {
    return new SsdScores(numClasses + 1, 1, numClasses, ClassActivation.SOFTMAX);
  }

  /**
   * Sigmoid scores (TF Object Detection API sigmoid heads, e.g. face-api's SSD: 3 channels,
   * background at 0, face at 1: {@code sigmoid(3, 1, 1)}).
   *
   * @param channels logits per prior
   * @param firstClassChannel channel of class 0
   * @param numClasses reported classes
   * @return the score rule
   */
  public static SsdScores sigmoid(int channels, int firstClassChannel, int numClasses) {
    return new SsdScores(channels, firstClassChannel, numClasses, ClassActivation.SIGMOID);
  }
}
