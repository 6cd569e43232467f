package org.gridbox.cli.detect;

import org.gridbox.detection.Detections;

/**
 * The outcome of one processed image.
 *
 * @param index the input's position ({@link ImageInput#index()})
 * @param name the input's output name ({@link ImageInput#name()})
 * @param width pixels of the original image
 * @param height pixels of the original image
 * @param detections boxes in pixels of the original image, xyxy, score descending
 */
record ImageResult(int index, String name, int width, int height, Detections detections) {}
