/**
 * Training a YOLOv1-style detector in pure Java: samples and augmentation on {@link
 * org.gridbox.image.FloatImage} plus boxes, a learning-rate schedule, the training loop over a Darknet
 * cfg ({@link org.gridbox.train.YoloV1Trainer}) and checkpoints.
 *
 * <p>Conventions: boxes of a {@link org.gridbox.train.TrainingSample} are xyxy float pixels of its
 * image (the project's one box format); the network input is the image divided by 255, NCHW; the
 * head is a convolution whose {@code 5B + C} output channels per cell are in the order of
 * {@link org.gridbox.decode.YoloV1Layout#CELL_INTERLEAVED} (so its NHWC transpose is that layout).
 * Everything random comes from {@link java.util.Random}s derived from the seed, the epoch and the
 * sample index, so a run is reproducible for a seed and a thread count, and resuming at an epoch
 * boundary gives the same weights as an uninterrupted run.
 */
package org.gridbox.train;
