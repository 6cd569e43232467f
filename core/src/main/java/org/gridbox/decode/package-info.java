/**
 * Decoders: raw detector outputs (YOLOv1 grids, YOLOv2–v4 anchor grids, YOLOv5, YOLOv8, SSD priors)
 * to candidate boxes in original-image pixels with class-specific scores, and the
 * {@link org.gridbox.decode.Detection}/{@link org.gridbox.decode.Detections} result types. Every
 * decoder's javadoc states the raw layout it reads.
 */
package org.gridbox.decode;
