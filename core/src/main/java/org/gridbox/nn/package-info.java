/**
 * A pure-Java CNN engine: {@link org.gridbox.nn.Tensor} (float[] + shape, NCHW, row-major), layers
 * ({@link org.gridbox.nn.Conv2d}, {@link org.gridbox.nn.BatchNorm2d}, {@link org.gridbox.nn.MaxPool2d},
 * {@link org.gridbox.nn.ActivationLayer}), {@link org.gridbox.nn.Activation} functions with derivatives,
 * and {@link org.gridbox.nn.Sequential} chains run per thread through sessions.
 *
 * <p>Conventions: activations are NCHW, element {@code (n, c, y, x)} at
 * {@code ((n*C + c)*H + y)*W + x}; convolution weights are OIHW. Layers are immutable and
 * thread-safe; per-thread buffers live in sessions and {@link org.gridbox.nn.ComputeContext}.
 * Bad arguments throw {@link java.lang.IllegalArgumentException} naming the layer and the values.
 *
 * <p>Speed: convolutions run im2col + packed GEMM with a Vector-API micro-kernel when
 * {@code jdk.incubator.vector} is present (start the JVM with {@code --add-modules
 * jdk.incubator.vector}); otherwise a plain-Java kernel with the same results (up to float rounding
 * order). Set system property {@code gridbox.nn.kernel=scalar} to force the plain-Java kernel.
 */
package org.gridbox.nn;
