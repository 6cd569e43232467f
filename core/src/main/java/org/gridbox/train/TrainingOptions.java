package org.gridbox.train;

import org.gridbox.Check;

/**
 * Settings of a training run.
 *
 * @param epochs passes over the training set, {@code >= 1}
 * @param batchSize images per optimiser step, {@code >= 1}
 * @param learningRate peak learning rate, {@code > 0}
 * @param warmupSteps steps of linear warm-up, {@code >= 0}
 * @param finalLearningRateFraction last learning rate as a fraction of the peak (cosine decay), in [0, 1]
 * @param weightDecay λ of the L2 penalty on convolution and connected weights (not biases), {@code >= 0}
 * @param optimizer Adam or SGD
 * @param momentum SGD momentum in [0, 1) (ignored by Adam)
 * @param lambdaCoord YOLOv1 loss weight of the coordinates (paper: 5)
 * @param lambdaNoObject YOLOv1 loss weight of the no-object confidences (paper: 0.5)
 * @param augmentation random changes of each training image
 * @param seed seed of the shuffling and augmentation
 * @param threads worker threads, each computing the gradient of a contiguous part of every batch,
 *     {@code >= 1}; results are reproducible for the same seed and thread count
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, int warmupSteps,
    double finalLearningRateFraction, float weightDecay, OptimizerKind optimizer, float momentum,
    float lambdaCoord, float lambdaNoObject, Augmentation augmentation, long seed, int threads) {

  /**
   * Validates the ranges.
   *
   * @param epochs passes over the training set, {@code >= 1}
   * @param batchSize images per optimiser step, {@code >= 1}
   * @param learningRate peak learning rate, {@code > 0}
   * @param warmupSteps steps of linear warm-up, {@code >= 0}
   * @param finalLearningRateFraction last learning rate as a fraction of the peak (cosine decay), in [0, 1]
   * @param weightDecay λ of the L2 penalty on convolution and connected weights (not biases), {@code >= 0}
   * @param optimizer Adam or SGD
   * @param momentum SGD momentum in [0, 1) (ignored by Adam)
   * @param lambdaCoord YOLOv1 loss weight of the coordinates (paper: 5)
   * @param lambdaNoObject YOLOv1 loss weight of the no-object confidences (paper: 0.5)
   * @param augmentation random changes of each training image
   * @param seed seed of the shuffling and augmentation
   * @param threads worker threads, each computing the gradient of a contiguous part of every batch, {@code >= 1}; results are reproducible for the same seed and thread count
   */
  public TrainingOptions {
    Check.argument(!(epochs < 1 || batchSize < 1 || threads < 1),
        "epochs, batchSize and threads must be >= 1, got %s, %s, %s", epochs, batchSize, threads);
    Check.argument(!(!(learningRate > 0) || !Double.isFinite(learningRate)),
        "learningRate must be finite and > 0, got %s", learningRate);
    Check.argument(!(warmupSteps < 0), "warmupSteps must be >= 0, got %s", warmupSteps);
    Check.argument(finalLearningRateFraction >= 0 && finalLearningRateFraction <= 1,
        "finalLearningRateFraction must be in [0, 1], got %s", finalLearningRateFraction);
    Check.argument(!(!(weightDecay >= 0) || !Float.isFinite(weightDecay)),
        "weightDecay must be finite and >= 0, got %s", weightDecay);
    Check.notNull(optimizer, "optimizer");
    Check.notNull(augmentation, "augmentation");
    Check.argument(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got %s", momentum);
  }

  /**
   * The defaults of {@code gridbox train}: Adam, learning rate 1e-3 with 100 warm-up steps and
   * cosine decay to 5 %, weight decay 5e-4, λcoord 5, λnoobj 0.5, {@link Augmentation#defaults()}.
   *
   * @param epochs passes over the data
   * @param batchSize images per step
   * @param seed the seed
   * @param threads worker threads
   * @return the options
   */
  public static TrainingOptions defaults(int epochs, int batchSize, long seed, int threads) {
    return new TrainingOptions(epochs, batchSize, 1e-3, 100, 0.05, 5e-4f, OptimizerKind.ADAM, 0.9f, 5f, 0.5f,
        Augmentation.defaults(), seed, threads);
  }

  /**
   * {@return a copy with other epochs}
   *
   * @param e the number of epochs
   */
  public TrainingOptions withEpochs(int e) {
    return new TrainingOptions(e, batchSize, learningRate, warmupSteps, finalLearningRateFraction, weightDecay,
        optimizer, momentum, lambdaCoord, lambdaNoObject, augmentation, seed, threads);
  }

  /**
   * {@return a copy with another learning rate and warm-up}
   *
   * @param lr the base learning rate
   * @param warmup warm-up steps
   */
  public TrainingOptions withLearningRate(double lr, int warmup) {
    return new TrainingOptions(epochs, batchSize, lr, warmup, finalLearningRateFraction, weightDecay,
        optimizer, momentum, lambdaCoord, lambdaNoObject, augmentation, seed, threads);
  }

  /**
   * {@return a copy with another augmentation}
   *
   * @param a the augmentation
   */
  public TrainingOptions withAugmentation(Augmentation a) {
    return new TrainingOptions(epochs, batchSize, learningRate, warmupSteps, finalLearningRateFraction, weightDecay,
        optimizer, momentum, lambdaCoord, lambdaNoObject, a, seed, threads);
  }

  /**
   * {@return a copy with another optimiser and weight decay}
   *
   * @param kind the optimiser
   * @param decay the weight decay
   */
  public TrainingOptions withOptimizer(OptimizerKind kind, float decay) {
    return new TrainingOptions(epochs, batchSize, learningRate, warmupSteps, finalLearningRateFraction, decay,
        kind, momentum, lambdaCoord, lambdaNoObject, augmentation, seed, threads);
  }
}
