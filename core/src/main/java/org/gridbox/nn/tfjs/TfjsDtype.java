package org.gridbox.nn.tfjs;

/** The logical element type of a TFJS tensor after decoding (the manifest's {@code dtype}). */
public enum TfjsDtype {
  /** IEEE-754 binary32; stored as 4 bytes little-endian unless quantised. */
  FLOAT32("float32"),
  /** Signed 32-bit integer; stored as 4 bytes little-endian unless quantised. */
  INT32("int32");

  private final String json;

  TfjsDtype(String json) {
    this.json = json;
  }

  /**
   * The spelling in the manifest.
   *
   * @return {@code "float32"} or {@code "int32"}
   */
  public String json() {
    return json;
  }

  /** The dtype spelled {@code json} in a manifest, or {@code null} if there is none. */
  static TfjsDtype fromJson(String json) {
    for (TfjsDtype d : values()) {
      if (d.json.equals(json)) {
        return d;
      }
    }
    return null;
  }
}
