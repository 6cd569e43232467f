package org.gridbox.nn.tfjs;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The text table {@code gridbox summary} prints for a graph model: one row per step of
 * {@link TfjsGraphModel#plan()} (op, output shape, parameters, multiply-accumulates, the graph nodes it
 * computes), then the totals and the activation memory of one session.
 */
public final class TfjsSummary {
  private TfjsSummary() {}

  /**
   * The table of {@code m}'s plan.
   *
   * @param m the loaded graph model
   * @return the model file and its input shapes, one line per plan step, the totals (steps, parameters,
   *     MACs, GMACs, BFLOPs), the output shapes and the activation memory of one session in MB
   */
  public static String table(TfjsGraphModel m) {
    List<PlanStep> plan = m.plan();
    StringBuilder sb = new StringBuilder();
    sb.append(m.file()).append(": TFJS graph model, inputs ");
    for (String in : m.inputNames()) {
      sb.append(in).append(Arrays.toString(m.inputShape(in))).append(' ');
    }
    sb.append("\n");
    sb.append(String.format(Locale.ROOT, "%4s  %-16s %-20s %10s %14s  %s%n", "step", "op", "output", "params", "MACs",
        "nodes (first computed, rest fused in)"));
    long params = 0;
    long macs = 0;
    for (int k = 0; k < plan.size(); k++) {
      PlanStep s = plan.get(k);
      params += s.parameters();
      macs += s.macs();
      sb.append(String.format(Locale.ROOT, "%4d  %-16s %-20s %10d %14d  %s%n", k, s.op(), shape(s.outputShape()),
          s.parameters(), s.macs(), String.join(" + ", s.nodes())));
    }
    sb.append(String.format(Locale.ROOT, "total: %d steps, %d parameters, %d MACs (%.3f GMACs, %.3f BFLOPs)%n",
        plan.size(), params, macs, macs / 1e9, 2 * macs / 1e9));
    sb.append("outputs: ");
    for (String out : m.outputNames()) {
      sb.append(out).append(Arrays.toString(m.outputShape(out))).append(' ');
    }
    sb.append("\n");
    sb.append(String.format(Locale.ROOT, "activations: %.1f MB per session (%.1f MB without buffer reuse)%n",
        m.activationBytes(true) / 1e6, m.activationBytes(false) / 1e6));
    return sb.toString();
  }

  private static String shape(int[] s) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < s.length; k++) {
      b.append(k == 0 ? "" : "x").append(s[k]);
    }
    return b.length() == 0 ? "scalar" : b.toString();
  }
}
