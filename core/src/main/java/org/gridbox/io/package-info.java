/**
 * Files in and out of {@code core}: COCO JSON ground truth and results ({@link org.gridbox.io.CocoJson},
 * streamed with Jackson), gridbox's detections file ({@link org.gridbox.io.DetectionsJsonWriter}),
 * YOLO txt labels ({@link org.gridbox.io.YoloTxt}), and {@link org.gridbox.image.FloatImage}, the only
 * image type {@code core} knows (no image decoding here: that is the CLI's job, with OpenCV).
 *
 * <p>Conventions: COCO's {@code bbox} is {@code [x, y, w, h]} (top-left corner and size, pixels) and
 * stays so in the flat {@code double[4N]} arrays of {@link org.gridbox.io.CocoGroundTruth} and
 * {@link org.gridbox.io.CocoResults} (evaluation follows pycocotools, which works on xywh doubles);
 * everything built from {@link org.gridbox.detection.Detections} is xyxy float pixels. Category id =
 * class id + 1 in the files gridbox writes. Writers write to a hidden temporary file beside the
 * target and rename it, so an interrupted run leaves no half-written file.
 *
 * <p>A file that does not parse raises {@link org.gridbox.io.DatasetFormatException} or
 * {@link org.gridbox.io.ModelFormatException} naming the file, the position and what was expected.
 */
package org.gridbox.io;
