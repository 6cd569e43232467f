package org.gridbox.nn.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridbox.io.ModelFormatException;

/**
 * The tensors of a TensorFlow.js weights manifest and its shards, decoded on request.
 *
 * <p>Format: the manifest is a JSON array of groups {@code {"paths": [...], "weights": [...]}}. The
 * shards of a group (paths relative to the manifest's folder) are concatenated in order into one
 * byte stream; the group's tensors follow each other in that stream in list order, without
 * alignment padding. A tensor of {@code n} elements takes {@code 4n} bytes (float32 / int32,
 * little-endian) or {@code n} × 1 or 2 bytes when quantised ({@code uint8}, {@code uint16}
 * little-endian, {@code float16}). Dequantisation: {@code (float) (q * scale + min)} in double
 * (bit-exact with tfjs-core); for {@code int32} tensors {@code Math.round(q * scale + min)}.
 *
 * <p>Instances are immutable and thread-safe; each accessor returns a fresh array.
 *
 * <p>Performance note: {@link #load} reads every shard into memory once; {@link #floats} decodes one
 * tensor per call.
 */
public final class TfjsWeights {
  /** Largest manifest read (real ones are a few hundred KB). */
  public static final long MAX_MANIFEST_BYTES = 16L << 20;
  /** Largest group of shards: one Java array holds a group's byte stream. */
  public static final long MAX_GROUP_BYTES = Integer.MAX_VALUE - 8;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path manifest;
  private final Map<String, Entry> entries;

  private record Entry(TfjsWeightSpec spec, byte[] stream, String files) {}

  private TfjsWeights(Path manifest, Map<String, Entry> entries) {
    this.manifest = manifest;
    this.entries = entries;
  }

  /**
   * Reads a manifest and all of its shards.
   *
   * @param manifest path of a {@code *-weights_manifest.json}
   * @return the decoded weights
   * @throws ModelFormatException if the manifest does not parse, a shard is missing, or the shards'
   *     total size differs from what the tensors need (naming the tensor, the byte counts, the file)
   * @throws java.io.UncheckedIOException on other read errors
   */
  public static TfjsWeights load(Path manifest) {
    if (manifest == null) {
      throw new IllegalArgumentException("manifest must not be null");
    }
    String problem = org.gridbox.io.InputFiles.problem(manifest, MAX_MANIFEST_BYTES);
    if (problem != null) {
      throw new ModelFormatException(manifest + ": " + (problem.equals("does not exist")
          ? "no such TFJS weights manifest" : problem));
    }
    JsonNode root;
    try {
      root = JSON.readTree(manifest.toFile());
    } catch (IOException e) {
      if (!Files.exists(manifest)) {
        throw new ModelFormatException(manifest + ": no such TFJS weights manifest", e);
      }
      throw new ModelFormatException(manifest + ": not valid JSON: " + e.getMessage(), e);
    }
    return fromGroups(manifest, root);
  }

  /**
   * Reads the shards of a weights manifest already parsed from {@code manifest} (a weights manifest or
   * a graph model's {@code weightsManifest}); shard paths are relative to the file's folder.
   */
  static TfjsWeights fromGroups(Path manifest, JsonNode root) {
    if (root == null || !root.isArray()) {
      throw new ModelFormatException(manifest + ": expected a JSON array of weight groups at the top level");
    }
    Path dir = manifest.toAbsolutePath().getParent();
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (int g = 0; g < root.size(); g++) {
      JsonNode group = root.get(g);
      String where = manifest + ": group " + g;
      JsonNode paths = group.get("paths");
      JsonNode weights = group.get("weights");
      if (paths == null || !paths.isArray() || weights == null || !weights.isArray()) {
        throw new ModelFormatException(where + ": expected arrays \"paths\" and \"weights\"");
      }
      List<TfjsWeightSpec> specs = new ArrayList<>();
      long offset = 0;
      for (int i = 0; i < weights.size(); i++) {
        TfjsWeightSpec spec = parseSpec(weights.get(i), offset, where + ", weight " + i);
        specs.add(spec);
        offset += spec.byteLength();
        if (offset > MAX_GROUP_BYTES) {
          throw new ModelFormatException(where + ": the tensors up to '" + spec.name() + "' need "
              + offset + " bytes, more than the " + MAX_GROUP_BYTES + " one group may hold");
        }
      }
      List<String> names = new ArrayList<>();
      List<Path> files = shardFiles(dir, paths, where, names);
      long total = 0;
      for (Path f : files) {
        total += sizeOf(f, where);
      }
      String filesText = String.join(" + ", names);
      if (total != offset) {
        // name the first tensor that does not fit, with its byte counts; nothing has been read yet
        for (TfjsWeightSpec s : specs) {
          if (s.offset() + s.byteLength() > total) {
            throw new ModelFormatException(String.format(
                "%s: tensor '%s' %s needs bytes [%d, %d) but the shards hold %d bytes (%s)",
                manifest, s.name(), Arrays.toString(s.shape()), s.offset(), s.offset() + s.byteLength(),
                total, filesText));
          }
        }
        throw new ModelFormatException(String.format(
            "%s: the tensors of group %d need %d bytes but the shards hold %d bytes (%s)",
            manifest, g, offset, total, filesText));
      }
      byte[] stream = readShards(files, where, offset);
      String groupFiles = filesText;
      for (TfjsWeightSpec s : specs) {
        if (entries.put(s.name(), new Entry(s, stream, groupFiles)) != null) {
          throw new ModelFormatException(manifest + ": tensor '" + s.name() + "' appears twice");
        }
      }
    }
    return new TfjsWeights(manifest, Collections.unmodifiableMap(entries));
  }

  private static TfjsWeightSpec parseSpec(JsonNode w, long offset, String where) {
    JsonNode nameNode = w == null ? null : w.get("name");
    if (nameNode == null || !nameNode.isTextual()) {
      throw new ModelFormatException(where + ": expected a string \"name\"");
    }
    String name = nameNode.asText();
    String at = where + " ('" + name + "')";
    JsonNode shapeNode = w.get("shape");
    if (shapeNode == null || !shapeNode.isArray()) {
      throw new ModelFormatException(at + ": expected an array \"shape\"");
    }
    if (shapeNode.size() > 8) {
      throw new ModelFormatException(at + ": a shape of " + shapeNode.size() + " dimensions (at most 8 are read)");
    }
    int[] shape = new int[shapeNode.size()];
    long elements = 1;
    for (int k = 0; k < shape.length; k++) {
      JsonNode d = shapeNode.get(k);
      if (!d.canConvertToInt() || !d.isIntegralNumber() || d.asInt() < 0) {
        throw new ModelFormatException(at + ": shape entries must be non-negative integers, got " + shapeNode);
      }
      shape[k] = d.asInt();
      elements *= shape[k]; // < 2^31 * 2^31 before the check below: no overflow
      if (elements > MAX_GROUP_BYTES) {
        throw new ModelFormatException(at + ": shape " + shapeNode + " has more elements than a group may hold");
      }
    }
    String dtypeText = w.path("dtype").asText(null);
    TfjsDtype dtype = TfjsDtype.fromJson(dtypeText);
    if (dtype == null) {
      throw new ModelFormatException(at + ": unsupported dtype " + dtypeText + " (expected float32 or int32)");
    }
    TfjsQuantization quantization = null;
    JsonNode q = w.get("quantization");
    if (q != null && !q.isNull()) {
      String kindText = q.path("dtype").asText(null);
      TfjsQuantization.Kind kind = TfjsQuantization.Kind.fromJson(kindText);
      if (kind == null) {
        throw new ModelFormatException(at + ": unsupported quantization dtype " + kindText
            + " (expected uint8, uint16 or float16)");
      }
      double scale = 0;
      double min = 0;
      if (kind != TfjsQuantization.Kind.FLOAT16) {
        JsonNode s = q.get("scale");
        JsonNode m = q.get("min");
        if (s == null || !s.isNumber() || m == null || !m.isNumber()) {
          throw new ModelFormatException(at + ": quantization needs numbers \"scale\" and \"min\", got " + q);
        }
        scale = s.doubleValue();
        min = m.doubleValue();
      }
      quantization = new TfjsQuantization(kind, scale, min);
    }
    return new TfjsWeightSpec(name, shape, dtype, quantization, offset);
  }

  /**
   * The shard files of a group, each checked to be a regular file inside the manifest's folder
   * (a manifest must not make the tool read {@code /dev/zero} or a file elsewhere). Nothing is read.
   */
  private static List<Path> shardFiles(Path dir, JsonNode paths, String where, List<String> names) {
    Path root;
    try {
      root = dir.toRealPath();
    } catch (IOException e) {
      throw new ModelFormatException(where + ": cannot resolve the manifest's folder " + dir, e);
    }
    List<Path> files = new ArrayList<>();
    for (JsonNode p : paths) {
      if (!p.isTextual()) {
        throw new ModelFormatException(where + ": shard paths must be strings, got " + p);
      }
      Path file;
      try {
        file = dir.resolve(p.asText()).normalize();
      } catch (java.nio.file.InvalidPathException e) {
        throw new ModelFormatException(where + ": shard path '" + p.asText() + "' is not a valid file name");
      }
      names.add(file.toString());
      String problem = org.gridbox.io.InputFiles.problem(file, MAX_GROUP_BYTES);
      if (problem != null) {
        throw new ModelFormatException(where + ": shard file " + file
            + (problem.equals("does not exist") ? " does not exist" : ": " + problem));
      }
      try {
        if (!file.toRealPath().startsWith(root)) {
          throw new ModelFormatException(where + ": shard file " + file
              + " is outside the manifest's folder " + dir + " (shards must sit beside the manifest)");
        }
      } catch (IOException e) {
        throw new ModelFormatException(where + ": shard file " + file + ": cannot resolve it (" + e.getMessage() + ")", e);
      }
      files.add(file);
    }
    return files;
  }

  private static long sizeOf(Path file, String where) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new ModelFormatException(where + ": shard file " + file + ": cannot read its size", e);
    }
  }

  /** Reads shards whose sizes add up to {@code expected} bytes (checked by the caller). */
  private static byte[] readShards(List<Path> files, String where, long expected) {
    List<byte[]> parts = new ArrayList<>();
    long total = 0;
    for (Path file : files) {
      try {
        byte[] b = Files.readAllBytes(file);
        parts.add(b);
        total += b.length;
      } catch (NoSuchFileException e) {
        throw new ModelFormatException(where + ": shard file " + file + " does not exist", e);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("reading shard " + file, e);
      }
      if (total > expected) {
        throw new ModelFormatException(where + ": shard file " + file + " grew while it was read");
      }
    }
    if (total != expected) {
      throw new ModelFormatException(where + ": the shards changed while they were read ("
          + total + " bytes, expected " + expected + ")");
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    byte[] stream = new byte[(int) total];
    int pos = 0;
    for (byte[] b : parts) {
      System.arraycopy(b, 0, stream, pos, b.length);
      pos += b.length;
    }
    return stream;
  }

  /** The manifest this was read from. */
  public Path manifest() {
    return manifest;
  }

  /** All tensor descriptors, in manifest order. */
  public List<TfjsWeightSpec> specs() {
    List<TfjsWeightSpec> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      out.add(e.spec());
    }
    return out;
  }

  /** Whether a tensor of this name exists. */
  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  /** The descriptor of tensor {@code name}; throws {@link ModelFormatException} if it is absent. */
  public TfjsWeightSpec spec(String name) {
    return entry(name).spec();
  }

  private Entry entry(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      throw new ModelFormatException(manifest + ": no tensor '" + name + "' (the manifest has "
          + entries.size() + " tensors)");
    }
    return e;
  }

  /**
   * Decodes a {@code float32} tensor.
   *
   * @param name tensor key
   * @param expectedShape the shape the caller requires (TF order, as stored); empty for a scalar
   * @return {@code float[product(shape)]}, row-major in the stored (TF) layout
   * @throws ModelFormatException if the tensor is absent, not float32, or has another shape
   */
  public float[] floats(String name, int... expectedShape) {
    Entry e = checked(name, TfjsDtype.FLOAT32, expectedShape);
    TfjsWeightSpec s = e.spec();
    int n = (int) s.size();
    float[] out = new float[n];
    byte[] b = e.stream();
    int off = (int) s.offset();
    TfjsQuantization q = s.quantization();
    if (q == null) {
      ByteBuffer.wrap(b, off, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    }
    switch (q.kind()) {
      case UINT8 -> {
        for (int i = 0; i < n; i++) {
          out[i] = q.dequantize(b[off + i] & 0xff);
        }
      }
      case UINT16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = q.dequantize(uint16(b, off + 2 * i));
        }
      }
      case FLOAT16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = halfToFloat(uint16(b, off + 2 * i));
        }
      }
    }
    return out;
  }

  /**
   * Decodes an {@code int32} tensor (quantised codes are rounded as tfjs does: {@code
   * Math.round(q * scale + min)}).
   *
   * @param name tensor key
   * @param expectedShape the required shape; empty for a scalar
   * @return {@code int[product(shape)]}, row-major
   * @throws ModelFormatException if the tensor is absent, not int32, or has another shape
   */
  public int[] ints(String name, int... expectedShape) {
    Entry e = checked(name, TfjsDtype.INT32, expectedShape);
    TfjsWeightSpec s = e.spec();
    int n = (int) s.size();
    int[] out = new int[n];
    byte[] b = e.stream();
    int off = (int) s.offset();
    TfjsQuantization q = s.quantization();
    if (q == null) {
      ByteBuffer.wrap(b, off, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
      return out;
    }
    for (int i = 0; i < n; i++) {
      int code = q.kind() == TfjsQuantization.Kind.UINT8 ? b[off + i] & 0xff : uint16(b, off + 2 * i);
      out[i] = q.kind() == TfjsQuantization.Kind.FLOAT16
          ? Math.round(halfToFloat(code))
          : (int) Math.round(code * q.scale() + q.min());
    }
    return out;
  }

  private Entry checked(String name, TfjsDtype dtype, int[] expectedShape) {
    Entry e = entry(name);
    TfjsWeightSpec s = e.spec();
    if (s.dtype() != dtype) {
      throw new ModelFormatException(manifest + ": tensor '" + name + "' is " + s.dtype().json()
          + ", expected " + dtype.json());
    }
    if (expectedShape != null && !Arrays.equals(s.shape(), expectedShape)) {
      throw new ModelFormatException(manifest + ": tensor '" + name + "' has shape "
          + Arrays.toString(s.shape()) + ", expected " + Arrays.toString(expectedShape));
    }
    return e;
  }

  private static int uint16(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
  }

  /** IEEE-754 binary16 bits (low 16 bits of {@code h}) to float, exactly. */
  static float halfToFloat(int h) {
    int sign = (h >>> 15) & 1;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    float v;
    if (exp == 0) {
      v = mant * 0x1p-24f; // subnormal: mant * 2^-14 / 1024
    } else if (exp == 31) {
      v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
    } else {
      v = Float.intBitsToFloat((exp - 15 + 127) << 23 | mant << 13);
    }
    return sign == 1 ? -v : v;
  }
}
