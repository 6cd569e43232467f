/**
 * Decoders: raw detector outputs (YOLOv1 grids, YOLOv2–v4 anchor grids, YOLOv5, YOLOv8, SSD priors,
 * distribution "integral" heads of NanoDet and raw YOLOv8/YOLO11)
 * to candidate boxes with class-specific scores, the post-processing pipeline, and the
 * {@link org.gridbox.detection.Detection}/{@link org.gridbox.detection.Detections} result types.
 *
 * <p>Conventions:
 *
 * <ul>
 *   <li>Every decoder ({@link org.gridbox.decode.Decoder}) reads flat {@code float[]} tensors whose
 *       layout its javadoc states (e.g. {@code [1, 84, 8400]}, {@code [1, A·(5+C), H, W]}), checks
 *       the shape against that layout, and appends candidates to a caller-supplied
 *       {@link org.gridbox.decode.Candidates} buffer (no object per candidate).
 *   <li>Decoders write {@code xyxy} boxes in <b>network-input pixels</b>; the
 *       {@link org.gridbox.image.Letterbox} used for preprocessing maps them to original-image
 *       pixels. {@link org.gridbox.decode.DetectionPipeline} does decode → threshold → NMS → map back,
 *       and every gridbox detector ends in it; the few ways models differ (tie order, where boxes
 *       are clipped) are named settings of {@link org.gridbox.decode.PipelineOptions}.
 *   <li>A candidate's score is strictly greater than the threshold. One rule for values that are
 *       not numbers holds in every decoder and layout: a NaN or infinite box coordinate drops the
 *       candidate; a NaN or infinite class score is never chosen, the other classes still count.
 *   <li>Centre-size boxes become corners through {@link org.gridbox.geom.BoxFormat}.
 *   <li>SSD priors ({@link org.gridbox.decode.PriorBoxes}) are normalised {@code xyxy};
 *       {@link org.gridbox.decode.SsdBoxCoder} encodes and decodes relative to them, and
 *       {@link org.gridbox.decode.PriorMatcher} assigns ground truth to priors for training.
 * </ul>
 */
package org.gridbox.decode;
