package org.gridbox.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.nn.Network;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import org.gridbox.nn.darknet.DarknetWeights;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

/**
 * Single-thread yolov3-tiny 416 forward, gridbox vs OpenCV DNN, measured in <em>CPU time of the calling
 * thread</em> (both run on it with one thread), interleaved round by round. On a machine shared with
 * other jobs, wall-clock JMH scores swing with the load; CPU time of one thread is steadier (it still
 * includes slow-down from a busy sibling hyper-thread, for both engines alike).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar:bench/target/lib/*
 * org.gridbox.bench.EngineCpuTime [rounds]}
 */
public final class EngineCpuTime {
  private EngineCpuTime() {}

  /** Prints median CPU milliseconds per forward for both engines, GFLOP/s and the ratio. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    nu.pattern.OpenCV.loadLocally();
    Core.setNumThreads(1);
    Path cfgFile = Path.of(System.getProperty("gridbox.root", "."), "testdata/models/darknet/yolov3-tiny.cfg");
    Path tmp = Files.createTempDirectory("gridbox-cpu");
    Path weights = tmp.resolve("w.weights");
    DarknetWeights.random(DarknetCfg.read(cfgFile), 2024).write(weights);
    DarknetModel model = DarknetModel.load(cfgFile, weights);
    int[] shape = model.inputShape();
    float[] x = EngineRounds.uniform(shape, 7, 0f, 1f);
    Tensor input = Tensor.wrap(x, shape);
    Net net = Dnn.readNetFromDarknet(cfgFile.toString(), weights.toString());
    Mat blob = new Mat(shape, CvType.CV_32F);
    blob.put(new int[] {0, 0, 0, 0}, x);
    net.setInput(blob);
    List<String> heads = List.of("conv_15", "conv_22");
    List<Mat> out = new ArrayList<>();
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    double[] g = new double[rounds];
    double[] o = new double[rounds];
    try (Network.Session s = model.network().newSession(1)) {
      for (int w = 0; w < 25; w++) { // let C2 finish compiling both paths
        s.forward(input);
        net.forward(out, heads);
      }
      for (int r = 0; r < rounds; r++) {
        long t0 = tm.getCurrentThreadCpuTime();
        s.forward(input);
        long t1 = tm.getCurrentThreadCpuTime();
        out.clear();
        net.forward(out, heads);
        long t2 = tm.getCurrentThreadCpuTime();
        g[r] = (t1 - t0) / 1e6;
        o[r] = (t2 - t1) / 1e6;
      }
    }
    java.util.Arrays.sort(g);
    java.util.Arrays.sort(o);
    double gm = g[rounds / 2];
    double om = o[rounds / 2];
    double gflop = 5.571; // 2 x multiply-accumulates of yolov3-tiny at 416 (Summary)
    System.out.printf("yolov3-tiny 416, 1 thread, median CPU time of %d rounds:%n", rounds);
    System.out.printf("  gridbox %.1f ms (%.1f GFLOP/s)%n", gm, gflop / gm * 1e3);
    System.out.printf("  OpenCV  %.1f ms (%.1f GFLOP/s)%n", om, gflop / om * 1e3);
    System.out.printf("  ratio gridbox/OpenCV %.2f%n", gm / om);
    Files.deleteIfExists(weights);
    Files.deleteIfExists(tmp);
  }
}
