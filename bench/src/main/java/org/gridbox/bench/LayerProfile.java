package org.gridbox.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridbox.nn.ComputeContext;
import org.gridbox.nn.Layer;
import org.gridbox.nn.Network;
import org.gridbox.nn.Tensor;

/**
 * {@link EngineRounds}' {@code layers} mode: gridbox's time per node (each node's layer run alone on
 * the input a session computed, best of the passes), ONNX Runtime's time per node of its optimised
 * graph from its own profiler (median of the timed forwards after {@value #ORT_WARMUP} warm-up ones;
 * the profile, a Chrome trace, is left in {@code bench/target/onnx/ort-profile-<model>_<date>.json}),
 * then both side by side per gridbox node with the ratio gridbox / ORT: ORT keeps the names of the
 * nodes it rewrites as their prefix ({@code n12_nchwc}), so each of its nodes maps to the gridbox node
 * it computes ({@link #gridboxNode}), its layout conversions to none.
 */
final class LayerProfile {
  /** Forwards ONNX Runtime runs before the timed ones in {@code layers}; their profile events are dropped. */
  static final int ORT_WARMUP = 20;
  /** How the name of a node's profile event in ONNX Runtime ends. */
  static final String KERNEL_TIME = "_kernel_time";
  /**
   * ORT node names of {@link OnnxWriter}'s node i: {@code n<i>}, {@code n<i>.conv}, {@code n<i>_nchwc},
   * {@code n<i>.conv_nchwc}, ....
   */
  static final Pattern FACE_NODE = Pattern.compile("n(\\d+)(?:\\D.*)?");
  /**
   * ORT node names of {@code darknet_to_onnx.py}'s Darknet layer i: {@code conv<i>}, {@code leaky<i>},
   * {@code pool<i>}, {@code up<i>}, {@code route<i>}, and these with a suffix such as {@code _nchwc}.
   */
  static final Pattern DARKNET_NODE = Pattern.compile("(?:conv|leaky|pool|up|route)(\\d+)(?:\\D.*)?");

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private LayerProfile() {}

  /**
   * Prints the three tables for {@code setup}'s network: {@code reps} passes, {@code threads}
   * threads (gridbox) and intra-op threads (ORT); {@code names} is how ORT names the model's nodes
   * ({@link #FACE_NODE}, {@link #DARKNET_NODE}).
   */
  static void run(EngineRounds.Setup setup, Tensor input, int reps, int threads, Path dir, String model,
      Pattern names) throws IOException, OrtException {
    double[][] gridboxMs = profileLayers(setup.network(), input, reps, threads);
    Path profile = profileOrt(setup.onnx(), setup.x(), setup.shape(), reps, threads, dir, model);
    List<OrtNodeTime> ortMs = ortNodeTimes(profile, ORT_WARMUP);
    printOrtNodes(ortMs, reps, threads, profile);
    printSideBySide(setup, gridboxMs, ortMs, names, reps, threads);
  }

  /**
   * gridbox's time per node, best of {@code reps} passes, with GFLOP/s per layer: CPU time of the
   * calling thread at 1 thread, wall time at more (the workers' time is not the caller's).
   *
   * @return per node the {@code reps} times in ms, null for a node without a layer (a merge, not timed)
   */
  private static double[][] profileLayers(Network network, Tensor input, int reps, int threads) {
    List<Network.Node> nodes = network.nodes();
    List<int[]> shapes = network.shapes(input.shape());
    double[][] ms = new double[nodes.size()][];
    try (Network.Session s = network.newSession(1); ComputeContext ctx = new ComputeContext(threads)) {
      for (int w = 0; w < 20; w++) {
        s.forward(input);
      }
      Tensor[] outs = new Tensor[nodes.size()];
      for (int i = 0; i < outs.length; i++) {
        outs[i] = Tensor.zeros(shapes.get(i));
        ms[i] = nodes.get(i).layer() == null ? null : new double[reps];
      }
      for (int r = 0; r < reps; r++) {
        for (int i = 0; i < nodes.size(); i++) {
          Layer layer = nodes.get(i).layer();
          if (layer == null) {
            continue;
          }
          int in = nodes.get(i).inputs()[0];
          Tensor x = in == Network.INPUT ? input : s.output(in);
          long c0 = threads == 1 ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
          layer.forward(x, outs[i], ctx);
          long c1 = threads == 1 ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
          ms[i][r] = (c1 - c0) / 1e6;
        }
      }
    }
    double total = 0;
    for (int i = 0; i < nodes.size(); i++) {
      Layer layer = nodes.get(i).layer();
      if (layer == null) {
        continue;
      }
      int in = nodes.get(i).inputs()[0];
      int[] inShape = in == Network.INPUT ? input.shape() : shapes.get(in);
      double gflop = 2.0 * layer.macs(inShape) / 1e9;
      double best = Arrays.stream(ms[i]).min().orElseThrow();
      total += best;
      System.out.printf(Locale.ROOT, "%2d %-40s %-16s %7.2f ms %6.1f GFLOP/s%n", i, layer.describe(),
          Arrays.toString(shapes.get(i)), best, gflop / best * 1e3);
    }
    System.out.printf(Locale.ROOT, "layers total %.1f ms (best of %d each, %d thread(s), %s time)%n", total,
        reps, threads, threads == 1 ? "CPU" : "wall");
    return ms;
  }

  /**
   * Runs {@code onnx} in ONNX Runtime with its profiler on: {@value #ORT_WARMUP} warm-up forwards,
   * then {@code reps} timed ones, with {@code threads} intra-op threads ({@link EngineRounds#ortOptions(int)}).
   *
   * @return the profile, a JSON file in {@code dir} named {@code ort-profile-<model>_<date>.json}
   */
  static Path profileOrt(Path onnx, float[] x, int[] shape, int reps, int threads, Path dir, String model)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] longShape = Arrays.stream(shape).mapToLong(i -> i).toArray();
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), longShape);
        OrtSession.SessionOptions opts = EngineRounds.ortOptions(threads)) {
      opts.enableProfiling(dir.resolve("ort-profile-" + model).toString());
      try (OrtSession ort = env.createSession(onnx.toString(), opts)) {
        Map<String, OnnxTensor> feed = Map.of(OnnxWriter.INPUT, in);
        for (int r = 0; r < ORT_WARMUP + reps; r++) {
          ort.run(feed).close();
        }
        return Path.of(ort.endProfiling()).toAbsolutePath();
      }
    }
  }

  /**
   * One node of ONNX Runtime's (optimised) graph and its time.
   *
   * @param name the node's name in ORT's graph (its profile event's name without {@code _kernel_time})
   * @param op the operator ({@code args.op_name})
   * @param ms median of the node's {@code dur} over the timed forwards, in ms
   * @param runs how many timed forwards the median is of
   */
  record OrtNodeTime(String name, String op, double ms, int runs) {}

  /** The node times of an ONNX Runtime profile file; see {@link #ortNodeTimes(JsonNode, int)}. */
  static List<OrtNodeTime> ortNodeTimes(Path profile, int skip) throws IOException {
    return ortNodeTimes(new ObjectMapper().readTree(profile.toFile()), skip);
  }

  /**
   * Per node of an ONNX Runtime profile (Chrome trace: an array of events; a node's run is an event
   * with {@code "cat":"Node"} and a name ending in {@value #KERNEL_TIME}, {@code "dur"} in µs), the
   * median {@code dur} of its runs after its first {@code skip} (the warm-up forwards), in the order
   * the nodes first ran.
   *
   * @throws IllegalArgumentException if the profile is not an array, or a node ran {@code skip} times
   *     or fewer
   */
  static List<OrtNodeTime> ortNodeTimes(JsonNode events, int skip) {
    if (!events.isArray()) {
      throw new IllegalArgumentException("an ONNX Runtime profile is a JSON array of events");
    }
    Map<String, List<Double>> durs = new LinkedHashMap<>();
    Map<String, String> ops = new HashMap<>();
    for (JsonNode e : events) {
      String name = e.path("name").asText();
      if (!e.path("cat").asText().equals("Node") || !name.endsWith(KERNEL_TIME)) {
        continue;
      }
      name = name.substring(0, name.length() - KERNEL_TIME.length());
      durs.computeIfAbsent(name, k -> new ArrayList<>()).add(e.path("dur").asDouble());
      ops.putIfAbsent(name, e.path("args").path("op_name").asText("?"));
    }
    List<OrtNodeTime> nodes = new ArrayList<>();
    for (Map.Entry<String, List<Double>> d : durs.entrySet()) {
      List<Double> all = d.getValue();
      if (all.size() <= skip) {
        throw new IllegalArgumentException("ORT node " + d.getKey() + " ran " + all.size()
            + " times, no more than the " + skip + " warm-up forwards");
      }
      double[] timed = all.subList(skip, all.size()).stream().mapToDouble(Double::doubleValue).toArray();
      nodes.add(new OrtNodeTime(d.getKey(), ops.get(d.getKey()), EngineRounds.median(timed) / 1e3, timed.length));
    }
    return nodes;
  }

  private static void printOrtNodes(List<OrtNodeTime> nodes, int reps, int threads, Path profile) {
    System.out.printf(Locale.ROOT, "%nONNX Runtime %s per node (profile %s)%n",
        OrtEnvironment.getEnvironment().getVersion(), profile);
    double total = 0;
    for (OrtNodeTime n : nodes) {
      total += n.ms();
      System.out.printf(Locale.ROOT, "   %-32s %-16s %8.3f ms%n", n.name(), n.op(), n.ms());
    }
    int[] runs = nodes.stream().mapToInt(OrtNodeTime::runs).distinct().toArray();
    System.out.printf(Locale.ROOT, "ORT nodes total %.1f ms (median of %s timed forwards after %d warm-up, "
        + "%d intra-op thread(s), wall time)%n", total, runs.length == 1 ? runs[0] : Arrays.toString(runs),
        ORT_WARMUP, threads);
  }

  /**
   * gridbox's node of an ONNX Runtime node, or −1. ORT names a node it rewrites after the original
   * (e.g. {@code n12_nchwc}, {@code n0.conv_nchwc}), or, when it folds away the node that wrote a graph
   * output, after that output (e.g. {@code output_nchwc}: {@link OnnxWriter}'s last node writes
   * {@code output}; {@code out0_nchwc}: the Identity {@code out0} of yolov3-tiny is gone and its
   * convolution renamed). So: a name that is graph output k, or starts with it and a character that
   * is not a letter or digit, is {@code heads[k]}; else the first group of {@code names} is the node.
   *
   * @param ortName the node's name in ORT's profile (without {@value #KERNEL_TIME})
   * @param names the node names of the model's ONNX writer, group 1 the gridbox node index
   *     ({@link #FACE_NODE}, {@link #DARKNET_NODE})
   * @param outputs the ONNX graph outputs
   * @param heads gridbox's node of each output
   * @param nodeCount gridbox's node count; an index beyond it maps to none
   */
  static int gridboxNode(String ortName, Pattern names, List<String> outputs, int[] heads, int nodeCount) {
    for (int k = 0; k < outputs.size(); k++) {
      String out = outputs.get(k);
      if (ortName.equals(out) || ortName.startsWith(out)
          && !Character.isLetterOrDigit(ortName.charAt(out.length()))) {
        return heads[k];
      }
    }
    Matcher m = names.matcher(ortName);
    if (m.matches()) {
      int i = Integer.parseInt(m.group(1));
      return i < nodeCount ? i : -1;
    }
    return -1;
  }

  /**
   * Per gridbox node: its median time over the {@code reps} passes of {@link #profileLayers}, ONNX
   * Runtime's (the sum of its nodes' medians mapped there by {@link #gridboxNode}) and their ratio;
   * then ORT's nodes that map to none (its layout conversions {@code ReorderInput}/{@code ReorderOutput}),
   * and the totals. A gridbox node without a layer (a merge, not timed) shows only ORT's time.
   */
  private static void printSideBySide(EngineRounds.Setup setup, double[][] gridboxMs, List<OrtNodeTime> ort,
      Pattern names, int reps, int threads) {
    List<Network.Node> nodes = setup.network().nodes();
    double[] ortMs = new double[nodes.size()];
    List<List<String>> mapped = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      mapped.add(new ArrayList<>());
    }
    double unmappedMs = 0;
    List<String> unmapped = new ArrayList<>();
    for (OrtNodeTime n : ort) {
      int i = gridboxNode(n.name(), names, setup.ortNames(), setup.heads(), nodes.size());
      if (i < 0) {
        unmappedMs += n.ms();
        unmapped.add(n.name());
      } else {
        ortMs[i] += n.ms();
        mapped.get(i).add(n.name());
      }
    }
    System.out.printf(Locale.ROOT, "%nper gridbox node, median of %d forwards each: gridbox (%s time) | ORT "
        + "(wall time, sum of its nodes' medians) | gridbox / ORT (> 1: gridbox slower) | ORT's nodes%n", reps,
        threads == 1 ? "CPU" : "wall");
    double gridboxTotal = 0;
    double ortTotal = 0;
    for (int i = 0; i < nodes.size(); i++) {
      double g = gridboxMs[i] == null ? Double.NaN : EngineRounds.median(gridboxMs[i]);
      if (gridboxMs[i] == null && mapped.get(i).isEmpty()) {
        continue;
      }
      if (gridboxMs[i] != null) {
        gridboxTotal += g;
      }
      ortTotal += ortMs[i];
      String ortCell = mapped.get(i).isEmpty() ? String.format(Locale.ROOT, "%8s   ", "-")
          : String.format(Locale.ROOT, "%8.3f ms", ortMs[i]);
      String gridboxCell = gridboxMs[i] == null ? String.format(Locale.ROOT, "%8s   ", "-")
          : String.format(Locale.ROOT, "%8.3f ms", g);
      String ratio = gridboxMs[i] != null && !mapped.get(i).isEmpty() && ortMs[i] > 0
          ? String.format(Locale.ROOT, "%6.2fx", g / ortMs[i]) : String.format(Locale.ROOT, "%6s ", "-");
      System.out.println(String.format(Locale.ROOT, "%2d %-42s %s %s %s  %s", i, nodes.get(i).describe(),
          gridboxCell, ortCell, ratio, String.join(" ", mapped.get(i))).stripTrailing());
    }
    if (!unmapped.isEmpty()) {
      ortTotal += unmappedMs;
      System.out.printf(Locale.ROOT, "   %-42s %8s    %8.3f ms %6s   %s%n", "ORT only (no gridbox node)", "-",
          unmappedMs, "-", String.join(" ", unmapped));
    }
    System.out.printf(Locale.ROOT, "   %-42s %8.3f ms %8.3f ms %6.2fx%n", "total", gridboxTotal, ortTotal,
        gridboxTotal / ortTotal);
  }
}
