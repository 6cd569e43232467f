/**
 * Ready detectors built from the engine, decoders and NMS: image in, detections in original-image
 * pixels out. A {@link org.gridbox.models.DetectionModel} is immutable and shared; each thread uses
 * its own {@link org.gridbox.models.DetectionModel.Session}.
 */
package org.gridbox.models;
