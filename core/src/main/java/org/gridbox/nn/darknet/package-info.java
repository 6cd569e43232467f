/**
 * Darknet model files: {@link org.gridbox.nn.darknet.DarknetCfg} ({@code .cfg} sections, written back
 * byte-identically), {@link org.gridbox.nn.darknet.DarknetWeights} ({@code .weights} header + float32
 * payload, written back byte-identically) and {@link org.gridbox.nn.darknet.DarknetModel} (both turned
 * into an {@link org.gridbox.nn.Network}, one node per Darknet layer, whose
 * {@code [yolo]/[region]/[detection]} nodes output raw tensors for the decoders).
 *
 * <p>Errors in files throw {@link org.gridbox.io.ModelFormatException} naming the file, the cfg line or
 * layer, and expected versus actual values.
 */
package org.gridbox.nn.darknet;
