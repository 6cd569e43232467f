package org.gridbox.nn.tfjs;

/**
 * How a quantised TFJS tensor is stored: {@code value = q * scale + min} for integer codes
 * {@code q}, or IEEE-754 half precision for {@link Kind#FLOAT16} (where {@code scale} and
 * {@code min} are unused, 0).
 *
 * @param kind storage type of one element
 * @param scale step between codes, as parsed from the JSON (double, not rounded to float)
 * @param min value of code 0, as parsed from the JSON
 */
public record TfjsQuantization(Kind kind, double scale, double min) {

  /** Storage type of one quantised element. */
  public enum Kind {
    /** One unsigned byte per element. */
    UINT8("uint8", 1),
    /** Two bytes, little-endian, unsigned. */
    UINT16("uint16", 2),
    /** Two bytes, little-endian, IEEE-754 binary16. */
    FLOAT16("float16", 2);

    private final String json;
    private final int bytes;

    Kind(String json, int bytes) {
      this.json = json;
      this.bytes = bytes;
    }

    /**
     * The spelling in the manifest.
     *
     * @return {@code "uint8"}, {@code "uint16"} or {@code "float16"}
     */
    public String json() {
      return json;
    }

    /**
     * Storage size of one element.
     *
     * @return bytes per element: 1 for {@code UINT8}, 2 for {@code UINT16} and {@code FLOAT16}
     */
    public int bytes() {
      return bytes;
    }

    static Kind fromJson(String json) {
      for (Kind k : values()) {
        if (k.json.equals(json)) {
          return k;
        }
      }
      return null;
    }
  }

  /**
   * Validates the fields.
   *
   * @param kind storage type of one element
   * @param scale step between codes
   * @param min value of code 0
   * @throws IllegalArgumentException if {@code kind} is null or {@code scale} or {@code min} is not finite
   */
  public TfjsQuantization {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    if (!Double.isFinite(scale) || !Double.isFinite(min)) {
      throw new IllegalArgumentException("scale and min must be finite, got scale=" + scale + ", min=" + min);
    }
  }

  /**
   * Dequantises integer code {@code q} exactly as tfjs-core does: the product and sum in double,
   * then one rounding to float.
   *
   * @param q the stored integer code (0..255 for {@code UINT8}, 0..65535 for {@code UINT16})
   * @return {@code (float) (q * scale + min)}
   */
  public float dequantize(int q) {
    return (float) (q * scale + min);
  }
}
