package org.gridbox.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gridbox.nn.Network;
import org.gridbox.nn.Tensor;

/**
 * Every node's tensor of a chain computed twice on the same input: by gridbox's session and by ONNX
 * Runtime on the model {@link OnnxWriter} writes with every node as an output (for the parity tests).
 */
final class OrtNodes {
  /** Node {@code index}: gridbox's values and shape, ONNX Runtime's values and shape. */
  record Node(int index, float[] ours, int[] ourShape, float[] theirs, long[] theirShape) {
    /** {@code max|ORT − gridbox| / max|gridbox|}. */
    double relativeDifference() {
      return EngineRounds.maxAbsDiff(theirs, ours) / EngineRounds.maxAbs(ours);
    }

    /** gridbox's shape as ONNX Runtime reports shapes. */
    long[] ourShapeAsLongs() {
      return Arrays.stream(ourShape).mapToLong(v -> v).toArray();
    }
  }

  private OrtNodes() {}

  /** Runs {@code network} on {@code x} of {@code shape} in both engines ({@code threads} for gridbox). */
  static List<Node> run(Network network, int[] shape, float[] x, int threads) throws OrtException {
    int n = network.nodes().size();
    int[] others = new int[n - 1];
    Arrays.setAll(others, i -> i);
    byte[] onnx = OnnxWriter.toBytes(network, shape, others);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<Node> nodes = new ArrayList<>();
    try (Network.Session s = network.newSession(threads);
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        OrtSession ort = env.createSession(onnx, opts);
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x),
            Arrays.stream(shape).mapToLong(i -> i).toArray());
        OrtSession.Result r = ort.run(Map.of(OnnxWriter.INPUT, in))) {
      s.forward(Tensor.wrap(x, shape));
      List<int[]> shapes = network.shapes(shape);
      for (int i = 0; i < n; i++) {
        OnnxTensor t = (OnnxTensor) r.get(i == n - 1 ? OnnxWriter.OUTPUT : "n" + i).orElseThrow();
        float[] theirs = new float[(int) t.getInfo().getNumElements()];
        t.getFloatBuffer().get(theirs);
        nodes.add(new Node(i, s.output(i).data().clone(), shapes.get(i), theirs, t.getInfo().getShape()));
      }
    }
    return nodes;
  }
}
