/**
 * Files in and out of {@code core}: COCO JSON, YOLO txt labels, Pascal VOC XML, and
 * {@link org.gridbox.io.FloatImage}, the only image type {@code core} knows (no image decoding here:
 * that is the CLI's job, with OpenCV). A file that does not parse raises
 * {@link org.gridbox.io.DatasetFormatException} or {@link org.gridbox.io.ModelFormatException}
 * naming the file, the position and what was expected.
 */
package org.gridbox.io;
