package org.gridbox.nn.tfjs;

import java.util.List;
import org.gridbox.nn.ComputeContext;

/**
 * One executable step of a plan: reads the buffers of its input values and writes the buffers of its
 * output values. Steps are immutable and shared by all sessions; {@code buffers} belong to one session.
 */
abstract class Step {
  final String op;
  final List<String> nodes;
  final Value[] in;
  final Value[] out;

  Step(String op, List<String> nodes, Value[] in, Value... out) {
    this.op = op;
    this.nodes = List.copyOf(nodes);
    this.in = in;
    this.out = out;
  }

  /** Computes the outputs. */
  abstract void run(Object[] buffers, ComputeContext ctx);

  long parameters() {
    return 0;
  }

  long macs() {
    return 0;
  }

  static float[] f(Object[] buffers, Value v) {
    return (float[]) buffers[v.buffer];
  }

  static int[] i(Object[] buffers, Value v) {
    return (int[]) buffers[v.buffer];
  }
}
