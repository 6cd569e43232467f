/**
 * TensorFlow.js models: weight files ({@link org.gridbox.nn.tfjs.TfjsWeights}: a
 * {@code *-weights_manifest.json} or a graph model's {@code weightsManifest}, i.e. groups of shard
 * {@code paths} and an ordered {@code weights} list) and graph models
 * ({@link org.gridbox.nn.tfjs.TfjsGraphModel}: {@code model.json} with a node list, executed on the
 * engine's layers), plus tfjs-cpu's bilinear resize ({@link org.gridbox.nn.tfjs.TfjsResize}) for image
 * preprocessing.
 *
 * <p>Conventions: tensors keep TensorFlow's layout as stored (row-major, NHWC / HWIO: a convolution
 * filter is {@code [kh, kw, Cin, Cout]}, a depthwise filter {@code [kh, kw, C, 1]}); the consumer
 * maps them to its own layout ({@link org.gridbox.nn.tfjs.TfjsFilters}). Quantised tensors are
 * dequantised exactly as tfjs-core 4.x does: {@code (float) (q * scale + min)} in double with
 * {@code scale} and {@code min} as parsed from the JSON, one rounding to float; float16 exactly.
 * Integer constants declared int64 in a graph are stored and used as int32. Every format error is a
 * {@link org.gridbox.io.ModelFormatException} naming the file and the tensor or node, and what was
 * expected; shard sizes are checked against the file lengths before anything is read.
 */
package org.gridbox.nn.tfjs;
