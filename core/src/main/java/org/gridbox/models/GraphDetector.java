package org.gridbox.models;

import java.util.List;
import org.gridbox.nn.tfjs.TfjsGraphModel;

/**
 * What the TF.js graph-model detectors ({@link NanoDet}, {@link CenterNet}) share: the graph, its
 * one image input of side {@code S}, and the class names.
 */
abstract class GraphDetector implements DetectionModel {
  final TfjsGraphModel graph;
  final String input;
  final int size;
  final List<String> names;

  GraphDetector(GraphModelFiles.Loaded files, int size) {
    this.graph = files.graph();
    this.input = files.input();
    this.size = size;
    this.names = files.names();
  }

  /** The same graph, input and names as {@code other}. */
  GraphDetector(GraphDetector other) {
    this.graph = other.graph;
    this.input = other.input;
    this.size = other.size;
    this.names = other.names;
  }

  /**
   * The graph model.
   *
   * @return the shared, immutable graph
   */
  public TfjsGraphModel graph() {
    return graph;
  }

  /**
   * The network input side S, read from the graph's input.
   *
   * @return S in pixels
   */
  public int inputSize() {
    return size;
  }

  @Override
  public List<String> classNames() {
    return names;
  }
}
