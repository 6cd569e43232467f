package org.gridbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridbox.nn.Network;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import org.gridbox.nn.darknet.DarknetWeights;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

/**
 * yolov3-tiny forward at 416×416 (5.56 GFLOP): gridbox's pure-Java engine vs OpenCV DNN 4.9 on the same
 * cfg and the same seeded random weights file, at 1 and 2 threads, in one run. Both compute the raw
 * tensors of the two {@code [yolo]} heads (OpenCV: up to {@code conv_15}, {@code conv_22}).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar DarknetForward -f 1 -wi 3 -i 5 -w 1 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class DarknetForwardBenchmark {

  @Param({"1", "2"})
  public int threads;

  private Network.Session session;
  private Tensor input;
  private Net net;
  private List<String> heads;
  private List<Mat> cvOut;
  private Path tmp;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    nu.pattern.OpenCV.loadLocally();
    Path root = Path.of(System.getProperty("gridbox.root", "."));
    Path cfgFile = root.resolve("testdata/models/darknet/yolov3-tiny.cfg");
    if (!Files.exists(cfgFile)) {
      cfgFile = root.resolve("../testdata/models/darknet/yolov3-tiny.cfg");
    }
    tmp = Files.createTempDirectory("gridbox-bench");
    Path weights = tmp.resolve("yolov3-tiny-random.weights");
    DarknetWeights.random(DarknetCfg.read(cfgFile), 2024).write(weights);
    DarknetModel model = DarknetModel.load(cfgFile, weights);
    int[] shape = model.inputShape();
    float[] x = EngineRounds.uniform(shape, 7, 0f, 1f);
    input = Tensor.wrap(x, shape);
    session = model.network().newSession(threads);

    Core.setNumThreads(threads);
    net = Dnn.readNetFromDarknet(cfgFile.toString(), weights.toString());
    Mat blob = new Mat(shape, CvType.CV_32F);
    blob.put(new int[] {0, 0, 0, 0}, x);
    net.setInput(blob);
    heads = List.of("conv_15", "conv_22");
    cvOut = new ArrayList<>();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    session.close();
    Files.deleteIfExists(tmp.resolve("yolov3-tiny-random.weights"));
    Files.deleteIfExists(tmp);
  }

  /** gridbox: whole network, raw head tensors. */
  @Benchmark
  public Tensor gridbox() {
    return session.forward(input);
  }

  /** OpenCV DNN: the same network up to the raw head tensors. */
  @Benchmark
  public List<Mat> opencv() {
    cvOut.clear();
    net.forward(cvOut, heads);
    return cvOut;
  }
}
