import java.lang.reflect.*; import java.nio.file.*; import java.util.*;
/**
 * One engine build alone in its JVM (session 12): loads a network from the classes on the class path
 * (yolov3-tiny from testdata's cfg and EngineRounds' seeded random weights in bench/target/onnx, or a face
 * network: org.gridbox.models.TinyFaceDetector / SsdMobilenetV1Face), runs 40 warm-up forwards (and more
 * until {@code -Dwarm} seconds have passed, default 0) on
 * {@code -Dthreads} threads (default 1), then prints the median wall time of {@code n} forwards. Two builds
 * paired in one JVM ({@code NetAB}, {@code EngineAB}) share the JDK's Vector-API classes and their JIT
 * profiles; this harness, alternated between builds by {@code alone.sh}, does not. Usage:
 *
 * <pre>
 * javac -d /tmp/ab bench/ab/Alone.java bench/ab/AloneGraph.java
 * java --add-modules jdk.incubator.vector -cp /tmp/ab:CORE-CLASSES:$(cat /tmp/core.cp) Alone org.gridbox.models.TinyFaceDetector 40
 * </pre>
 */
public class Alone {
  public static void main(String[] a) throws Exception {
    String model = a[0]; int n = Integer.parseInt(a[1]);
    Object net; int side; boolean unit = false;
    if (model.equals("yolov3-tiny")) {
      Class<?> dm = Class.forName("org.gridbox.nn.darknet.DarknetModel");
      Object loaded = dm.getMethod("load", Path.class, Path.class).invoke(null, Path.of(System.getProperty("gridbox.root", ".")).resolve("testdata/models/darknet/yolov3-tiny.cfg"), Path.of(System.getProperty("gridbox.root", ".")).resolve("bench/target/onnx/yolov3-tiny-random2024.weights"));
      net = dm.getMethod("network").invoke(loaded); side = 416; unit = true;
    } else {
    Class<?> m = Class.forName(model);
    Object loaded = m.getMethod("load", Path.class).invoke(null, Path.of(System.getProperty("gridbox.root", ".")).resolve("testdata/models/face"));
    if (model.contains("Tiny")) { net = m.getMethod("network").invoke(loaded); side = 416; }
    else { Field f = m.getDeclaredField("chain"); f.setAccessible(true); net = f.get(loaded); side = 512; }
    }
    Class<?> tensor = Class.forName("org.gridbox.nn.Tensor");
    float[] x = new float[3*side*side]; Random r = new Random(7); for (int i=0;i<x.length;i++) x[i]= unit ? r.nextFloat() : r.nextFloat()*2-1;
    Object in = tensor.getMethod("wrap", float[].class, int[].class).invoke(null, x, new int[]{1,3,side,side});
    Object s = net.getClass().getMethod("newSession", int.class).invoke(net, Integer.getInteger("threads", 1));
    Method fwd = s.getClass().getMethod("forward", tensor); fwd.setAccessible(true);
    long warmEnd = System.nanoTime() + (long) (Double.parseDouble(System.getProperty("warm", "0")) * 1e9);
    for (int i = 0; i < 40 || System.nanoTime() < warmEnd; i++) fwd.invoke(s, in);
    double[] t = new double[n];
    for (int i = 0; i < n; i++) { long t0 = System.nanoTime(); fwd.invoke(s, in); t[i] = (System.nanoTime() - t0) / 1e6; }
    Arrays.sort(t); System.out.printf("%.2f%n", t[n / 2]);
  }
}
