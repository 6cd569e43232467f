import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

/**
 * Measurement probe (session 15): OpenCV DNN's own per-layer times ({@code Net.getPerfProfile}) for a Darknet
 * network on a random 416² input, summed over 40 forwards after 20 and printed per forward, to set beside
 * {@code EngineRounds layers}. Usage:
 *
 * <pre>
 * javac -cp "bench/target/lib/*" -d /tmp/probe bench/ab/OpenCvLayers.java
 * java -cp "/tmp/probe:bench/target/lib/*" OpenCvLayers testdata/models/darknet/yolov3-tiny.cfg \
 *     bench/target/onnx/yolov3-tiny-random2024.weights 1
 * </pre>
 */
public class OpenCvLayers {
  public static void main(String[] a) {
    nu.pattern.OpenCV.loadLocally();
    Core.setNumThreads(Integer.parseInt(a[2]));
    Net net = Dnn.readNetFromDarknet(a[0], a[1]);
    Mat blob = new Mat(new int[] {1, 3, 416, 416}, CvType.CV_32F);
    Core.randu(blob, 0, 1);
    List<String> outs = net.getUnconnectedOutLayersNames();
    int n = 40;
    double[] sum = null;
    for (int i = 0; i < 20 + n; i++) {
      net.setInput(blob);
      net.forward(new ArrayList<>(), outs);
      MatOfDouble t = new MatOfDouble();
      net.getPerfProfile(t);
      double[] d = t.toArray();
      if (sum == null) {
        sum = new double[d.length];
      }
      for (int k = 0; i >= 20 && k < d.length; k++) {
        sum[k] += d[k];
      }
    }
    List<String> names = net.getLayerNames();
    double ms = 1e3 / Core.getTickFrequency() / n;
    double total = 0;
    for (int k = 0; k < sum.length; k++) {
      if (sum[k] > 0) {
        System.out.printf("%-16s %8.3f ms%n", k < names.size() ? names.get(k) : "?", sum[k] * ms);
      }
      total += sum[k] * ms;
    }
    System.out.printf("total %.3f ms%n", total);
  }
}
