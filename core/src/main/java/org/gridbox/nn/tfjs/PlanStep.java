package org.gridbox.nn.tfjs;

import java.util.List;

/**
 * One step of a {@link TfjsGraphModel}'s execution plan, for summaries.
 *
 * @param op what runs, e.g. {@code _FusedConv2D}, {@code relayout}, {@code mul}
 * @param nodes the graph nodes this step computes: the first is the main node, the rest were fused into
 *     it (a pad, a bias add, an activation); a relayout names the node whose output it reorders
 * @param outputShape the logical (graph) shape of the first output
 * @param parameters weights and biases held by the step
 * @param macs multiply-accumulates per forward (convolutions; window size × outputs for pooling), else 0
 */
public record PlanStep(String op, List<String> nodes, int[] outputShape, long parameters, long macs) {
  /**
   * Copies the node list and the shape.
   *
   * @param op what runs, e.g. {@code _FusedConv2D}, {@code relayout}, {@code mul}
   * @param nodes the graph nodes this step computes, main node first; copied
   * @param outputShape the logical (graph) shape of the first output; copied
   * @param parameters weights and biases held by the step
   * @param macs multiply-accumulates per forward, else 0
   */
  public PlanStep {
    nodes = List.copyOf(nodes);
    outputShape = outputShape.clone();
  }

  /**
   * The logical (graph) shape of the step's first output.
   *
   * @return a copy of the shape
   */
  @Override
  public int[] outputShape() {
    return outputShape.clone();
  }

  @Override
  public String toString() {
    return op + " " + nodes + " -> " + java.util.Arrays.toString(outputShape) + " params=" + parameters + " macs="
        + macs;
  }
}
