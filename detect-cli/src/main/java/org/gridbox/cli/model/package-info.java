/**
 * Model glue: the {@code --model} specification, built-in model names, and the loaders for the Java engine and OpenCV DNN (Darknet and ONNX files).
 */
package org.gridbox.cli.model;
