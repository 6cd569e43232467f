package org.gridbox.nn.darknet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.gridbox.Check;
import org.gridbox.io.AtomicTarget;
import org.gridbox.io.ModelFormatException;

/**
 * A Darknet {@code .weights} file: a header and a flat run of little-endian float32 values.
 *
 * <p>Header: int32 {@code major}, {@code minor}, {@code revision}, then {@code seen} (images seen in
 * training) as int64 when {@code major·10 + minor >= 2} (and both are below 1000), else as int32.
 * The values follow with no padding; which values belong to which layer is given by the cfg (see
 * {@link DarknetModel}). {@link #toBytes()} writes exactly what {@link #parse} read.
 *
 * @param major format major version
 * @param minor format minor version
 * @param revision format revision
 * @param seen images seen in training
 * @param values all parameter values in file order (live array)
 */
public record DarknetWeights(int major, int minor, int revision, long seen, float[] values) {

  /**
   * Validates {@code values} is not null.
   *
   * @param major format major version
   * @param minor format minor version
   * @param revision format revision
   * @param seen images seen in training
   * @param values all parameter values in file order (kept, not copied)
   * @throws IllegalArgumentException if {@code values} is null
   */
  public DarknetWeights {
    Check.notNull(values, "values");
  }

  /**
   * Whether {@code seen} is stored as int64.
   *
   * @return true when {@code major·10 + minor >= 2} and both are below 1000, else false (int32)
   */
  public boolean seenIsLong() {
    return major * 10 + minor >= 2 && major < 1000 && minor < 1000;
  }

  /**
   * Size of the header.
   *
   * @return 20 bytes when {@code seen} is int64, else 16
   */
  public int headerBytes() {
    return seenIsLong() ? 20 : 16;
  }

  /**
   * Checks, before anything is read into memory, that the file holds a header and exactly
   * {@code floats} float32 values.
   *
   * @param file the weights file
   * @param floats the number of float32 values the cfg needs
   * @param describe turns the actual float count into the error message (e.g. naming the layer where
   *     the file runs out)
   * @throws IOException if the file's size or header cannot be read
   * @throws ModelFormatException if it is not a regular file, is shorter than a header, its payload is not
   *     whole float32 values, or the float count differs (with {@code describe}'s message)
   */
  public static void checkLength(Path file, long floats, java.util.function.LongFunction<String> describe)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new ModelFormatException(file + ": not a regular file");
    }
    long size = Files.size(file);
    if (size < 16) {
      throw new ModelFormatException(file + ": " + size + " bytes is shorter than a Darknet header (16 or 20 bytes)");
    }
    byte[] head = new byte[12];
    try (java.io.InputStream in = Files.newInputStream(file)) {
      if (in.readNBytes(head, 0, 12) != 12) {
        throw new ModelFormatException(file + ": shorter than a Darknet header");
      }
    }
    ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    int major = b.getInt(), minor = b.getInt();
    int header = major * 10 + minor >= 2 && major < 1000 && minor < 1000 ? 20 : 16;
    long payload = size - header;
    if (payload < 0 || payload % 4 != 0) {
      throw new ModelFormatException(file + ": payload of " + payload + " bytes after the " + header
          + "-byte header is not a whole number of float32 values");
    }
    if (payload / 4 != floats) {
      throw new ModelFormatException(describe.apply(payload / 4));
    }
  }

  /**
   * Reads a weights file.
   *
   * @param file the {@code .weights} file
   * @return the header and all values
   * @throws IOException if it cannot be read
   * @throws ModelFormatException if it is larger than {@link DarknetModel#MAX_TOTAL_FLOATS} floats plus a
   *     header, shorter than a header, or its payload is not whole floats
   */
  public static DarknetWeights read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > 4 * DarknetModel.MAX_TOTAL_FLOATS + 20) {
      throw new ModelFormatException(file + ": " + size + " bytes is more than any Darknet model gridbox reads");
    }
    return parse(Files.readAllBytes(file), file.toString());
  }

  /**
   * Parses weights bytes.
   *
   * @param bytes the whole file: header, then little-endian float32 values
   * @param source name used in error messages
   * @return the header and all values
   * @throws ModelFormatException if the bytes are shorter than the header their version needs, or the payload
   *     is not whole float32 values
   */
  public static DarknetWeights parse(byte[] bytes, String source) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 16) {
      throw new ModelFormatException(source + ": " + bytes.length + " bytes is shorter than a Darknet header (16 or 20 bytes)");
    }
    int major = b.getInt();
    int minor = b.getInt();
    int revision = b.getInt();
    boolean longSeen = major * 10 + minor >= 2 && major < 1000 && minor < 1000;
    if (longSeen && bytes.length < 20) {
      throw new ModelFormatException(source + ": version " + major + "." + minor + " needs a 20-byte header, file has "
          + bytes.length + " bytes");
    }
    long seen = longSeen ? b.getLong() : Integer.toUnsignedLong(b.getInt());
    int payload = bytes.length - b.position();
    if (payload % 4 != 0) {
      throw new ModelFormatException(source + ": payload of " + payload + " bytes after the header is not a whole number"
          + " of float32 values");
    }
    float[] v = new float[payload / 4];
    b.asFloatBuffer().get(v);
    return new DarknetWeights(major, minor, revision, seen, v);
  }

  /**
   * The file bytes.
   *
   * @return header then values, little-endian; {@link #headerBytes()} {@code + 4·values.length} bytes
   */
  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(headerBytes() + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(major).putInt(minor).putInt(revision);
    if (seenIsLong()) {
      b.putLong(seen);
    } else {
      b.putInt((int) seen);
    }
    b.asFloatBuffer().put(values);
    return b.array();
  }

  /**
   * Writes {@link #toBytes()} via a temporary file renamed into place.
   *
   * @param file the target {@code .weights} file; replaced if it exists
   * @throws IOException if the temporary file cannot be written or moved into place
   */
  public void write(Path file) throws IOException {
    AtomicTarget.write(file, ".tmp", toBytes());
  }

  /**
   * Random weights for a cfg, deterministic for a seed, in a range where every layer stays
   * numerically tame: conv/connected weights {@code N(0, 1)·√(1/fanIn)}, biases {@code N(0, 0.1)},
   * batch-norm scales {@code U[0.5, 1.5]}, means {@code N(0, 0.1)}, variances {@code U[0.5, 1.5]}.
   * Header version 0.2.0, seen 0.
   *
   * @param cfg the parsed cfg, which fixes the float count and each block's kind and fan-in
   * @param seed seed of the {@link Random} the values are drawn from
   * @return weights with exactly the floats the cfg needs
   */
  public static DarknetWeights random(DarknetCfg cfg, long seed) {
    DarknetModel.Layout layout = DarknetModel.layout(cfg, "<cfg>");
    float[] v = new float[layout.totalFloats()];
    Random rnd = new Random(seed);
    for (DarknetModel.Block blk : layout.blocks()) {
      for (int i = 0; i < blk.length(); i++) {
        int k = blk.offset() + i;
        switch (blk.kind()) {
          case WEIGHTS:
            v[k] = (float) (rnd.nextGaussian() * Math.sqrt(1.0 / blk.fanIn()));
            break;
          case BIASES:
          case ROLLING_MEAN:
            v[k] = (float) (rnd.nextGaussian() * 0.1);
            break;
          default: // SCALES, ROLLING_VARIANCE
            v[k] = (float) (0.5 + rnd.nextDouble());
        }
      }
    }
    return new DarknetWeights(0, 2, 0, 0, v);
  }

  /**
   * Weights from a fixed formula, for parity tests against Darknet (testdata/reference/darknet-parity/
   * darknet_detect.c writes the same floats): float k of the file's stream is a 32-bit hash of k turned
   * into u in [0, 1) with 24 bits; biases and rolling means are (2u − 1)·0.1 ({@code + shift} for layers
   * without batch norm, i.e. the heads), scales and rolling variances 0.5 + u, weights (2u − 1)·√(3·g/fanIn)
   * with g = {@code gain}, or {@code headGain} for layers without batch norm. Header version 0.2.0, seen 0.
   *
   * @param cfg the parsed cfg, which fixes the float count and each block's kind and fan-in
   * @param gain g for the weights of layers with batch norm
   * @param headGain g for the weights of layers without batch norm (the heads)
   * @param shift added to the biases of layers without batch norm
   * @return weights with exactly the floats the cfg needs
   */
  public static DarknetWeights formula(DarknetCfg cfg, double gain, double headGain, double shift) {
    DarknetModel.Layout layout = DarknetModel.layout(cfg, "<cfg>");
    java.util.Set<Integer> bn = new java.util.HashSet<>();
    for (DarknetModel.Block b : layout.blocks()) {
      if (b.kind() == DarknetModel.Kind.SCALES) {
        bn.add(b.layer());
      }
    }
    float[] v = new float[layout.totalFloats()];
    for (DarknetModel.Block b : layout.blocks()) {
      boolean norm = bn.contains(b.layer());
      float scale = b.kind() == DarknetModel.Kind.WEIGHTS
          ? (float) Math.sqrt(3.0 * (norm ? gain : headGain) / b.fanIn()) : 0;
      for (int i = 0; i < b.length(); i++) {
        int k = b.offset() + i;
        int h = k * (int) 2654435761L + (int) 0x9E3779B9L;
        h ^= h >>> 16;
        h *= (int) 0x85EBCA6BL;
        h ^= h >>> 13;
        h *= (int) 0xC2B2AE35L;
        h ^= h >>> 16;
        float u = (h >>> 8) * (1.0f / 16777216.0f);
        float s = 2 * u - 1;
        v[k] = switch (b.kind()) {
          case BIASES -> norm ? s * 0.1f : s * 0.1f + (float) shift;
          case ROLLING_MEAN -> s * 0.1f;
          case SCALES, ROLLING_VARIANCE -> 0.5f + u;
          case WEIGHTS -> s * scale;
        };
      }
    }
    return new DarknetWeights(0, 2, 0, 0, v);
  }
}
