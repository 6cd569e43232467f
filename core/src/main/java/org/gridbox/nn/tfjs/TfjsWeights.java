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
import org.gridbox.Check;
import org.gridbox.io.ModelFormatException;
import org.gridbox.io.ModelSource;

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

  private final String manifest;
  private final Map<String, Entry> entries;

  private record Entry(TfjsWeightSpec spec, byte[] stream, String files) {}

  private TfjsWeights(String manifest, Map<String, Entry> entries) {
    this.manifest = manifest;
    this.entries = entries;
  }

  /**
   * Reads a manifest and all of its shards (the folder may be on disk or inside a jar or zip file
   * system).
   *
   * @param manifest path of a {@code *-weights_manifest.json}
   * @return the decoded weights
   * @throws IllegalArgumentException if {@code manifest} is null
   * @throws ModelFormatException if the manifest does not parse, a shard is missing, or the shards'
   *     total size differs from what the tensors need (naming the tensor, the byte counts, the file)
   * @throws java.io.UncheckedIOException on other read errors
   */
  public static TfjsWeights load(Path manifest) {
    Check.notNull(manifest, "manifest");
    Path folder = manifest.getParent() != null ? manifest.getParent() : manifest.toAbsolutePath().getParent();
    return load(ModelSource.ofPath(folder), manifest.getFileName().toString());
  }

  /**
   * Reads a manifest and all of its shards from a model source (a folder, a jar, the class path, a
   * URL); shard paths are relative to the manifest's folder.
   *
   * @param source where the files are
   * @param manifest the manifest's name in {@code source}, e.g.
   *     {@code tiny_face_detector_model-weights_manifest.json}
   * @return the decoded weights
   * @throws IllegalArgumentException if an argument is null
   * @throws ModelFormatException if a file is missing, too large or malformed (naming it)
   * @throws java.io.UncheckedIOException on other read errors
   */
  public static TfjsWeights load(ModelSource source, String manifest) {
    Check.notNull(source, "source");
    Check.notNull(manifest, "manifest");
    String problem = source.problem(manifest, MAX_MANIFEST_BYTES);
    if (problem != null) {
      throw new ModelFormatException(source.describe(manifest) + ": " + (problem.equals("does not exist")
          ? "no such TFJS weights manifest" : problem));
    }
    JsonNode root;
    try {
      root = JSON.readTree(source.read(manifest, MAX_MANIFEST_BYTES));
    } catch (IOException e) {
      throw new ModelFormatException(source.describe(manifest) + ": not valid JSON: " + e.getMessage(), e);
    }
    return fromGroups(source, manifest, root);
  }

  /** {@link #fromGroups(ModelSource, String, JsonNode)} for a file on disk. */
  static TfjsWeights fromGroups(Path manifest, JsonNode root) {
    Path folder = manifest.getParent() != null ? manifest.getParent() : manifest.toAbsolutePath().getParent();
    return fromGroups(ModelSource.ofPath(folder), manifest.getFileName().toString(), root);
  }

  /**
   * Reads the shards of a weights manifest already parsed from file {@code manifest} of {@code source}
   * (a weights manifest or a graph model's {@code weightsManifest}); shard paths are relative to that
   * file's folder.
   */
  static TfjsWeights fromGroups(ModelSource source, String manifest, JsonNode root) {
    String file = source.describe(manifest);
    if (root == null || !root.isArray()) {
      throw new ModelFormatException(file + ": expected a JSON array of weight groups at the top level");
    }
    int slash = manifest.lastIndexOf('/');
    String dir = slash < 0 ? "" : manifest.substring(0, slash + 1);
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (int g = 0; g < root.size(); g++) {
      JsonNode group = root.get(g);
      String where = file + ": group " + g;
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
      List<String> shards = shardNames(source, dir, paths, where);
      List<String> names = new ArrayList<>();
      long total = 0;
      boolean known = true;
      for (String f : shards) {
        names.add(source.describe(f));
        long size = source.knownSize(f);
        known &= size >= 0;
        total += Math.max(size, 0);
      }
      String filesText = String.join(" + ", names);
      if (known && total != offset) {
        throw sizeMismatch(file, g, specs, offset, total, filesText);
      }
      byte[] stream = readShards(source, shards, where, offset, file, g, specs, filesText);
      for (TfjsWeightSpec s : specs) {
        if (entries.put(s.name(), new Entry(s, stream, filesText)) != null) {
          throw new ModelFormatException(file + ": tensor '" + s.name() + "' appears twice");
        }
      }
    }
    return new TfjsWeights(file, Collections.unmodifiableMap(entries));
  }

  /** Names the first tensor that does not fit in {@code total} bytes, with its byte counts. */
  private static ModelFormatException sizeMismatch(String file, int group, List<TfjsWeightSpec> specs,
      long needed, long total, String filesText) {
    for (TfjsWeightSpec s : specs) {
      if (s.offset() + s.byteLength() > total) {
        return new ModelFormatException(String.format(
            "%s: tensor '%s' %s needs bytes [%d, %d) but the shards hold %d bytes (%s)",
            file, s.name(), Arrays.toString(s.shape()), s.offset(), s.offset() + s.byteLength(),
            total, filesText));
      }
    }
    return new ModelFormatException(String.format(
        "%s: the tensors of group %d need %d bytes but the shards hold %d bytes (%s)",
        file, group, needed, total, filesText));
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
   * The shard names of a group (relative to the source), each checked to be a regular file inside
   * the manifest's folder (a manifest must not make the tool read {@code /dev/zero} or a file
   * elsewhere). Nothing is read.
   */
  private static List<String> shardNames(ModelSource source, String dir, JsonNode paths, String where) {
    List<String> files = new ArrayList<>();
    for (JsonNode p : paths) {
      if (!p.isTextual()) {
        throw new ModelFormatException(where + ": shard paths must be strings, got " + p);
      }
      String name = p.asText().startsWith("/") ? p.asText() : dir + p.asText();
      String problem = source.problem(name, MAX_GROUP_BYTES);
      if (problem != null) {
        throw new ModelFormatException(where + ": shard file " + source.describe(name)
            + (problem.startsWith("does not exist") || problem.startsWith("is ") ? " " : ": ") + problem);
      }
      files.add(name);
    }
    return files;
  }

  /**
   * Reads shards whose sizes add up to {@code expected} bytes (checked by the caller when the source
   * knows them; otherwise no more than {@code expected + 1} bytes are read in all before the
   * mismatch is reported).
   */
  private static byte[] readShards(ModelSource source, List<String> files, String where, long expected,
      String file, int group, List<TfjsWeightSpec> specs, String filesText) {
    List<byte[]> parts = new ArrayList<>();
    long total = 0;
    for (String name : files) {
      byte[] b;
      try (java.io.InputStream in = source.open(name)) {
        b = in.readNBytes((int) Math.min(expected - total + 1, MAX_GROUP_BYTES));
      } catch (java.io.FileNotFoundException | NoSuchFileException e) {
        throw new ModelFormatException(where + ": shard file " + source.describe(name) + " does not exist", e);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("reading shard " + source.describe(name), e);
      }
      parts.add(b);
      total += b.length;
      if (total > expected) {
        throw new ModelFormatException(String.format(
            "%s: the tensors of group %d need %d bytes but the shards hold more (%s)",
            file, group, expected, filesText));
      }
    }
    if (total != expected) {
      throw sizeMismatch(file, group, specs, expected, total, filesText);
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

  /**
   * The manifest this was read from, as {@link ModelSource#describe} names it.
   *
   * @return a path, {@code classpath:…} or a URL
   */
  public String manifest() {
    return manifest;
  }

  /**
   * All tensor descriptors, in manifest order.
   *
   * @return a new list
   */
  public List<TfjsWeightSpec> specs() {
    List<TfjsWeightSpec> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      out.add(e.spec());
    }
    return out;
  }

  /**
   * Whether a tensor of this name exists.
   *
   * @param name tensor key
   * @return true if it does
   */
  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  /**
   * The descriptor of a tensor.
   *
   * @param name tensor key
   * @return its descriptor
   * @throws ModelFormatException if it is absent
   */
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
