/**
 * Runnable samples, one class per scenario, each with a {@code main} that a user can copy: NMS and
 * IoU from plain Java, decoding a YOLOv8 output, losses side by side, scoring predictions, running a
 * face detector, a CNN's shapes and parameters, training a small detector. Each has a smoke test.
 */
package org.gridbox.samples;
