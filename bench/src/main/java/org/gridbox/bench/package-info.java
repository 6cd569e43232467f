/**
 * JMH benchmarks and side-by-side runs against the peers (OpenCV's {@code Dnn.NMSBoxes}, OpenCV DNN,
 * pycocotools figures, face-api's timings) on the same inputs in the same run. Never part of
 * {@code mvn verify}'s timing; see {@code bench/README.md} for the commands and the latest tables.
 */
package org.gridbox.bench;
