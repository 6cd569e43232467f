/**
 * A pure-Java CNN engine.
 *
 * <ul>
 *   <li>{@link org.gridbox.nn.Tensor}: {@code float[]} + shape, NCHW, row-major.</li>
 *   <li>Layers ({@link org.gridbox.nn.Layer}), each with forward and backward side by side:
 *       {@link org.gridbox.nn.Conv2d} (stride, explicit/asymmetric or TF-same padding, groups incl.
 *       depthwise, bias, fused activation, batch-norm folding), {@link org.gridbox.nn.BatchNorm2d}
 *       (inference) and {@link org.gridbox.nn.BatchNorm2dTraining} (batch statistics),
 *       {@link org.gridbox.nn.MaxPool2d} (TF and Darknet padding), {@link org.gridbox.nn.ConvMaxPool}
 *       (a convolution and its 2×2/2 max-pool computed together), {@link org.gridbox.nn.AvgPool2d},
 *       {@link org.gridbox.nn.GlobalAvgPool2d},
 *       {@link org.gridbox.nn.ActivationLayer}, {@link org.gridbox.nn.Upsample}, {@link org.gridbox.nn.Dense},
 *       {@link org.gridbox.nn.Dropout}; multi-input {@link org.gridbox.nn.Route} (with Darknet
 *       groups/group_id) and {@link org.gridbox.nn.Shortcut}.</li>
 *   <li>{@link org.gridbox.nn.Activation}: the activation functions with derivatives and properties.</li>
 *   <li>{@link org.gridbox.nn.Sequential} (a chain) and {@link org.gridbox.nn.Network} (a graph), run per
 *       thread through sessions that own activations, gradients and a {@link org.gridbox.nn.ComputeContext}
 *       (worker threads, scratch buffers).</li>
 *   <li>{@link org.gridbox.nn.Summary}: output volumes, parameters, MACs and the arithmetic.</li>
 *   <li>{@link org.gridbox.nn.Initializer}; optimisers in {@code org.gridbox.nn.optim}; Darknet files in
 *       {@code org.gridbox.nn.darknet}.</li>
 * </ul>
 *
 * <p>Conventions: activations are NCHW, element {@code (n, c, y, x)} at
 * {@code ((n*C + c)*H + y)*W + x}; convolution weights are OIHW. Layers are immutable and
 * thread-safe during inference (an optimiser changes parameter arrays only between passes, then
 * calls {@code parametersChanged()}); per-thread buffers live in sessions. Bad arguments throw
 * {@link java.lang.IllegalArgumentException} naming the layer and the values. Backward passes
 * accumulate into the gradient buffers.
 *
 * <p>Speed: convolutions run im2col + GEMM with packed weight panels and a Vector-API micro-kernel
 * when {@code jdk.incubator.vector} is present (start the JVM with {@code --add-modules
 * jdk.incubator.vector}); otherwise a plain-Java kernel with the same results up to float rounding
 * order. Stride-1 convolutions with at most 64 products per output (few input channels) read the input in place
 * (implicit im2col). Bias and activation are applied on each finished block. 3×3 depthwise
 * convolutions and 2×2 max-pools have their own Vector-API row kernels, bit-identical to their
 * plain-Java versions. System property {@code gridbox.nn.kernel=scalar} forces the plain-Java
 * kernels. Work is split over a session's threads.
 *
 * <p>Numerics: every convolution output is one sequential chain of fused multiply-adds from zero in
 * TensorFlow's order (ky, kx, channel), then the bias, then the activation, so outputs track
 * TensorFlow.js's CPU backend to a few float ulps.
 */
package org.gridbox.nn;
