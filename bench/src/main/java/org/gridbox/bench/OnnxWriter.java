package org.gridbox.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gridbox.nn.Activation;
import org.gridbox.nn.Conv2d;
import org.gridbox.nn.ConvMaxPool;
import org.gridbox.nn.Layer;
import org.gridbox.nn.MaxPool2d;
import org.gridbox.nn.Network;
import org.gridbox.nn.Padding;

/**
 * Writes the ONNX model (IR version 8, opset 13) of a gridbox {@link Network} that is a chain of
 * {@link Conv2d}, {@link MaxPool2d} and {@link ConvMaxPool} nodes, so that ONNX Runtime and OpenCV DNN
 * can run the very same network and weights as gridbox (see {@link EngineRounds}, {@code -Dmodel}).
 *
 * <p>The file is a protobuf message ({@code onnx.proto3}) encoded here by hand, varints and
 * length-delimited fields, as {@code bench/onnx/darknet_to_onnx.py} does for Darknet files: no ONNX
 * library is needed. The mapping:
 * <ul>
 *   <li>every node must read the node before it (the first node the network input): a chain;</li>
 *   <li>{@link Conv2d} → {@code Conv} with OIHW weights, the bias when there is one, {@code group},
 *       and explicit {@code pads} [top, left, bottom, right] from the node's padding rule resolved
 *       for its input shape (TensorFlow {@code same} may pad more after than before);</li>
 *   <li>the fused activation: {@link Activation#IDENTITY} → nothing, {@link Activation#RELU} →
 *       {@code Relu}, {@link Activation#RELU6} → {@code Clip} with the initializers 0 and 6 as
 *       inputs (opset 13), {@link Activation#LEAKY} → {@code LeakyRelu} with alpha
 *       {@link Activation#LEAKY_SLOPE}; any other activation is refused;</li>
 *   <li>{@link MaxPool2d} → {@code MaxPool} with explicit pads: ONNX pads with −∞, so a padded cell
 *       never wins, which is gridbox's rule (padded cells are left out of the window). Every pad must
 *       be smaller than the window, so that no window lies wholly in the padding;</li>
 *   <li>{@link ConvMaxPool} → its convolution (and activation), then its pooling, padding resolved
 *       for the convolution's output.</li>
 * </ul>
 * The graph input is {@code input}, the output {@code output} (the last node's), both with fixed
 * shapes; node {@code i}'s tensor is named {@code n<i>}.
 *
 * <p>Usage: {@code OnnxWriter.write(network, new int[] {1, 3, 416, 416}, path)} or
 * {@link #toBytes(Network, int[], int...)} for ONNX Runtime's {@code createSession(byte[], ...)}.
 */
public final class OnnxWriter {
  /** Name of the graph input. */
  public static final String INPUT = "input";
  /** Name of the graph output, the last node's output. */
  public static final String OUTPUT = "output";

  private static final int IR_VERSION = 8;
  private static final int OPSET = 13;
  // TensorProto.DataType and AttributeProto.AttributeType
  private static final int FLOAT = 1;
  private static final int ATTR_FLOAT = 1;
  private static final int ATTR_INT = 2;
  private static final int ATTR_INTS = 7;
  private static final String RELU6_MIN = "relu6.min";
  private static final String RELU6_MAX = "relu6.max";

  private OnnxWriter() {}

  /**
   * Writes the ONNX model of {@code network} for an input of shape {@code inputShape} to {@code file}.
   *
   * @param network a chain of convolutions and max-poolings
   * @param inputShape NCHW input shape, e.g. {@code {1, 3, 416, 416}}
   * @param file the {@code .onnx} file, replaced if present
   * @throws IOException if the file cannot be written
   * @throws IllegalArgumentException if the network is not such a chain (the message names the node)
   */
  public static void write(Network network, int[] inputShape, Path file) throws IOException {
    Files.write(file, toBytes(network, inputShape));
  }

  /**
   * The ONNX model of {@code network} for an input of shape {@code inputShape}, as bytes.
   *
   * @param network a chain of convolutions and max-poolings
   * @param inputShape NCHW input shape
   * @param alsoOutput indices of further nodes whose tensors ({@code n<i>}) become graph outputs too,
   *     after {@code output} (for tests that compare every node; none for timing)
   * @return the serialised {@code ModelProto}
   * @throws IllegalArgumentException if the network is not such a chain (the message names the node)
   */
  public static byte[] toBytes(Network network, int[] inputShape, int... alsoOutput) {
    List<Network.Node> nodes = network.nodes();
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("the network has no nodes");
    }
    List<int[]> shapes = network.shapes(inputShape);
    Graph g = new Graph();
    String prev = INPUT;
    for (int i = 0; i < nodes.size(); i++) {
      Network.Node node = nodes.get(i);
      Layer layer = node.layer();
      int[] in = node.inputs();
      if (layer == null || in.length != 1 || in[0] != i - 1) {
        throw new IllegalArgumentException("node " + i + " (" + node.describe() + ") does not read node "
            + (i - 1) + " alone: only a chain can be written");
      }
      int[] inShape = i == 0 ? inputShape : shapes.get(i - 1);
      String out = i == nodes.size() - 1 ? OUTPUT : "n" + i;
      String where = "node " + i + " (" + layer.describe() + ")";
      if (layer instanceof Conv2d conv) {
        g.conv(where, "n" + i, conv, inShape, prev, out);
      } else if (layer instanceof MaxPool2d pool) {
        g.maxPool(where, "n" + i, pool, inShape, prev, out);
      } else if (layer instanceof ConvMaxPool cp) {
        String mid = "n" + i + ".conv";
        g.conv(where, "n" + i + ".conv", cp.conv(), inShape, prev, mid);
        g.maxPool(where, "n" + i + ".pool", cp.pool(), cp.conv().outputShape(inShape), mid, out);
      } else {
        throw new IllegalArgumentException(where + ": " + layer.getClass().getSimpleName()
            + " is not supported (Conv2d, MaxPool2d and ConvMaxPool are)");
      }
      prev = out;
    }
    for (int i : alsoOutput) {
      if (i < 0 || i >= nodes.size() - 1) {
        throw new IllegalArgumentException("node " + i + " cannot be a further output: the network has "
            + nodes.size() + " nodes, the last is output");
      }
    }
    return g.model(inputShape, shapes, alsoOutput);
  }

  /** The graph under construction: nodes and initializers in order. */
  private static final class Graph {
    private final Proto graph = new Proto();
    private final Proto initializers = new Proto();
    private boolean relu6Constants;

    void conv(String where, String name, Conv2d conv, int[] inShape, String x, String y) {
      Padding.Fixed p = conv.padding().resolve(inShape[2], inShape[3], conv.kernelH(), conv.kernelW(),
          conv.strideH(), conv.strideW());
      Activation act = conv.activation() == null ? Activation.IDENTITY : conv.activation();
      if (act != Activation.IDENTITY && act != Activation.RELU && act != Activation.RELU6
          && act != Activation.LEAKY) {
        throw new IllegalArgumentException(where + ": activation " + act + " is not supported (identity, relu, "
            + "relu6 and leaky are)");
      }
      int cg = conv.inChannels() / conv.groups();
      String w = name + ".w";
      tensor(w, new long[] {conv.outChannels(), cg, conv.kernelH(), conv.kernelW()}, conv.weights());
      float[] bias = conv.bias();
      String b = name + ".b";
      if (bias != null) {
        tensor(b, new long[] {conv.outChannels()}, bias);
      }
      String convOut = act == Activation.IDENTITY ? y : name + ".pre";
      Proto node = new Proto()
          .string(1, x)
          .string(1, w);
      if (bias != null) {
        node.string(1, b);
      }
      node.string(2, convOut)
          .string(3, name)
          .string(4, "Conv")
          .message(5, ints("kernel_shape", conv.kernelH(), conv.kernelW()))
          .message(5, ints("strides", conv.strideH(), conv.strideW()))
          .message(5, ints("pads", p.top(), p.left(), p.bottom(), p.right()))
          .message(5, ints("dilations", 1, 1))
          .message(5, intAttr("group", conv.groups()));
      graph.message(1, node);
      switch (act) {
        case RELU:
          graph.message(1, new Proto().string(1, convOut).string(2, y).string(3, name + ".relu").string(4, "Relu"));
          break;
        case RELU6:
          if (!relu6Constants) {
            tensor(RELU6_MIN, new long[0], new float[] {0f});
            tensor(RELU6_MAX, new long[0], new float[] {6f});
            relu6Constants = true;
          }
          graph.message(1, new Proto().string(1, convOut).string(1, RELU6_MIN).string(1, RELU6_MAX).string(2, y)
              .string(3, name + ".relu6").string(4, "Clip"));
          break;
        case LEAKY:
          graph.message(1, new Proto().string(1, convOut).string(2, y).string(3, name + ".leaky")
              .string(4, "LeakyRelu").message(5, floatAttr("alpha", Activation.LEAKY_SLOPE)));
          break;
        default: // identity: the convolution wrote y
      }
    }

    void maxPool(String where, String name, MaxPool2d pool, int[] inShape, String x, String y) {
      int kh = pool.kernelH();
      int kw = pool.kernelW();
      Padding.Fixed p = pool.padding().resolve(inShape[2], inShape[3], kh, kw, pool.strideH(), pool.strideW());
      if (p.top() >= kh || p.bottom() >= kh || p.left() >= kw || p.right() >= kw) {
        throw new IllegalArgumentException(where + ": padding " + p + " reaches a whole " + kh + "x" + kw
            + " window, which gridbox and ONNX would fill differently");
      }
      graph.message(1, new Proto()
          .string(1, x)
          .string(2, y)
          .string(3, name)
          .string(4, "MaxPool")
          .message(5, ints("kernel_shape", kh, kw))
          .message(5, ints("strides", pool.strideH(), pool.strideW()))
          .message(5, ints("pads", p.top(), p.left(), p.bottom(), p.right())));
    }

    private void tensor(String name, long[] dims, float[] values) {
      ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
      raw.asFloatBuffer().put(values);
      Proto t = new Proto();
      for (long d : dims) {
        t.varint(1, d);
      }
      initializers.message(5, t.varint(2, FLOAT).string(8, name).bytes(9, raw.array()));
    }

    byte[] model(int[] inputShape, List<int[]> shapes, int[] alsoOutput) {
      graph.string(2, "gridbox")
          .append(initializers)
          .message(11, valueInfo(INPUT, inputShape))
          .message(12, valueInfo(OUTPUT, shapes.get(shapes.size() - 1)));
      for (int i : alsoOutput) {
        graph.message(12, valueInfo("n" + i, shapes.get(i)));
      }
      return new Proto()
          .varint(1, IR_VERSION)
          .string(2, "gridbox bench OnnxWriter")
          .message(7, graph)
          .message(8, new Proto().string(1, "").varint(2, OPSET))
          .toByteArray();
    }

    private static Proto ints(String name, long... values) {
      Proto a = new Proto().string(1, name);
      for (long v : values) {
        a.varint(8, v);
      }
      return a.varint(20, ATTR_INTS);
    }

    private static Proto intAttr(String name, long value) {
      return new Proto().string(1, name).varint(3, value).varint(20, ATTR_INT);
    }

    private static Proto floatAttr(String name, float value) {
      return new Proto().string(1, name).float32(2, value).varint(20, ATTR_FLOAT);
    }

    /** A {@code ValueInfoProto}: a float tensor of fixed shape. */
    private static Proto valueInfo(String name, int[] shape) {
      Proto dims = new Proto();
      for (int d : shape) {
        dims.message(1, new Proto().varint(1, d));
      }
      Proto tensorType = new Proto().varint(1, FLOAT).message(2, dims);
      return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }
  }

  /** A protobuf message being encoded: fields appended in order, as the wire format allows. */
  static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Appends a varint field ({@code int32}, {@code int64}, enums): wire type 0. */
    Proto varint(int field, long value) {
      rawVarint((long) field << 3);
      rawVarint(value);
      return this;
    }

    /** Appends a length-delimited field (bytes): wire type 2. */
    Proto bytes(int field, byte[] data) {
      rawVarint(((long) field << 3) | 2);
      rawVarint(data.length);
      out.writeBytes(data);
      return this;
    }

    /** Appends a UTF-8 string field. */
    Proto string(int field, String s) {
      return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends an embedded message field. */
    Proto message(int field, Proto m) {
      rawVarint(((long) field << 3) | 2);
      rawVarint(m.out.size());
      return append(m);
    }

    /** Appends a {@code float} field: wire type 5, four bytes little-endian. */
    Proto float32(int field, float value) {
      rawVarint(((long) field << 3) | 5);
      int bits = Float.floatToIntBits(value);
      for (int k = 0; k < 4; k++) {
        out.write(bits >>> (8 * k));
      }
      return this;
    }

    /** Appends another message's fields as they are (the fields of one message may come in any order). */
    Proto append(Proto other) {
      try {
        other.out.writeTo(this.out);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // not thrown: both streams are in memory
      }
      return this;
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }

    /** Base-128 varint, low groups first; negative values take ten bytes, as protobuf's int64. */
    private void rawVarint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
