/**
 * TensorFlow.js weight files: a {@code *-weights_manifest.json} (a JSON array of groups, each with
 * shard {@code paths} and an ordered {@code weights} list) and its binary shards.
 *
 * <p>Conventions: tensors keep TensorFlow's layout as stored (row-major, NHWC / HWIO: a convolution
 * filter is {@code [kh, kw, Cin, Cout]}, a depthwise filter {@code [kh, kw, C, 1]}); the consumer
 * maps them to its own layout. Quantised tensors are dequantised exactly as tfjs-core 4.x does:
 * {@code (float) (q * scale + min)} in double with {@code scale} and {@code min} as parsed from the
 * JSON, one rounding to float. Every format error is a {@link org.gridbox.io.ModelFormatException}
 * naming the file, the tensor and the expected and actual byte counts.
 */
package org.gridbox.nn.tfjs;
