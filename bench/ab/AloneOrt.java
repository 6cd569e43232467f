import ai.onnxruntime.*; import java.nio.FloatBuffer; import java.nio.file.*; import java.util.*;
/**
 * ONNX Runtime alone in its JVM (session 14), the third "build" that {@code WITH_ORT=1 alone.sh} alternates
 * with two gridbox builds: the same network as {@link Alone} from the ONNX file EngineRounds wrote into
 * bench/target/onnx (yolov3-tiny-random2024.onnx, ssd-face.onnx, tiny-face.onnx), the same seeded input,
 * EngineRounds' session options on {@code -Dthreads} threads (default 1), 40 warm-up runs (and more until
 * {@code -Dwarm} seconds have passed), then the median wall time of {@code n} runs. Usage:
 *
 * <pre>
 * javac -cp bench/target/lib/onnxruntime-1.23.2.jar -d /tmp/ab bench/ab/AloneOrt.java
 * java -cp /tmp/ab:bench/target/lib/onnxruntime-1.23.2.jar AloneOrt org.gridbox.models.SsdMobilenetV1Face 40
 * </pre>
 */
public class AloneOrt {
  public static void main(String[] a) throws Exception {
    String model = a[0]; int n = Integer.parseInt(a[1]);
    String file; int side; boolean unit = false;
    if (model.equals("yolov3-tiny")) { file = "yolov3-tiny-random2024.onnx"; side = 416; unit = true; }
    else if (model.contains("Tiny")) { file = "tiny-face.onnx"; side = 416; }
    else { file = "ssd-face.onnx"; side = 512; }
    Path onnx = Path.of(System.getProperty("gridbox.root", ".")).resolve("bench/target/onnx").resolve(file);
    float[] x = new float[3 * side * side]; Random r = new Random(7); for (int i = 0; i < x.length; i++) x[i] = unit ? r.nextFloat() : r.nextFloat() * 2 - 1;
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setIntraOpNumThreads(Integer.getInteger("threads", 1));
    o.setInterOpNumThreads(1);
    o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    try (OrtSession s = env.createSession(onnx.toString(), o);
         OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 3, side, side})) {
      Map<String, OnnxTensor> feed = Map.of(s.getInputNames().iterator().next(), in);
      long warmEnd = System.nanoTime() + (long) (Double.parseDouble(System.getProperty("warm", "0")) * 1e9);
      for (int i = 0; i < 40 || System.nanoTime() < warmEnd; i++) try (OrtSession.Result res = s.run(feed)) { }
      double[] t = new double[n];
      for (int i = 0; i < n; i++) { long t0 = System.nanoTime(); try (OrtSession.Result res = s.run(feed)) { } t[i] = (System.nanoTime() - t0) / 1e6; }
      Arrays.sort(t); System.out.printf("%.2f%n", t[n / 2]);
    }
  }
}
