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
 *       groups/group_id) and {@link org.gridbox.nn.Shortcut}. Each layer also reports its cost
 *       (parameters, MACs, the summary's window and arithmetic); sliding layers share
 *       {@link org.gridbox.nn.Window} (the one output-size computation), pooling layers
 *       {@link org.gridbox.nn.Pool2d}, pass-through layers {@link org.gridbox.nn.IdentityLayer}.</li>
 *   <li>A new layer: implement {@link org.gridbox.nn.Layer} (forward, backward, {@code outputShape},
 *       {@code parameterCount}, and {@code macs}/{@code arithmetic} if it computes); nothing else needs
 *       editing for it to run in a {@link org.gridbox.nn.Network} and show in a
 *       {@link org.gridbox.nn.Summary}. A new convolution algorithm: a {@code ConvAlgorithm} added to
 *       {@code Conv2d}'s list; a new SIMD kernel: an interface with a plain-Java class and a
 *       Vector-API class chosen by {@link org.gridbox.simd.Simd#select}.</li>
 *   <li>{@link org.gridbox.nn.Activation}: the activation functions with derivatives and properties.</li>
 *   <li>{@link org.gridbox.nn.Network} (a graph of layers; {@code Network.chain} for a chain), run per
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
 * <p>Speed: convolutions run one of three algorithms ({@code ConvAlgorithm}: direct depthwise,
 * an implicit GEMM reading a padded copy of the input in place for stride-1 spatial convolutions,
 * im2col packed into GEMM panels for the rest) with packed weight panels and a register-blocked micro-kernel.
 * Bias and activation are applied on each finished block. The micro-kernel, the 3×3 depthwise, row
 * and 2×2 max-pool kernels have Vector-API versions, used when {@link org.gridbox.simd.Simd} says so
 * (start the JVM with {@code --add-modules jdk.incubator.vector}; system property
 * {@code gridbox.simd=scalar} forces plain Java); the plain-Java versions give the same results up to
 * float rounding order (the depthwise and pooling ones bit for bit). Work is split over a session's
 * threads; per-thread buffers are typed workspaces of the {@link org.gridbox.nn.ComputeContext}.
 *
 * <p>Numerics: every convolution output is one sequential chain of fused multiply-adds from zero in
 * TensorFlow's order (ky, kx, channel), then the bias, then the activation, so outputs track
 * TensorFlow.js's CPU backend to a few float ulps.
 */
package org.gridbox.nn;
