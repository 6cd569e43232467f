package org.gridbox.models;

import java.nio.charset.StandardCharsets;
import org.gridbox.io.ModelFormatException;
import org.gridbox.io.ModelSource;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import org.gridbox.nn.darknet.DarknetWeights;

/**
 * Reads a Darknet cfg and weights file from a {@link ModelSource} (a jar, the class path, a URL):
 * the cfg first, then the weights, whose size is checked against what the cfg needs before they are
 * read (when the source knows sizes) and which are never read further than that.
 */
final class DarknetFiles {
  /** The largest Darknet header: major, minor, revision and a 64-bit "seen" count. */
  private static final int MAX_HEADER_BYTES = 20;

  private DarknetFiles() {}

  /**
   * The model of {@code cfg} with the weights of {@code weights}.
   *
   * @throws ModelFormatException naming the file for a missing, malformed or wrongly sized file
   */
  static DarknetModel load(ModelSource source, String cfg, String weights) {
    String cfgText = new String(source.read(cfg, DarknetCfg.MAX_CFG_BYTES), StandardCharsets.UTF_8);
    DarknetCfg parsed = DarknetCfg.parse(cfgText, source.describe(cfg));
    String where = source.describe(weights);
    long floats = DarknetModel.layout(parsed, where).totalFloats();
    long most = MAX_HEADER_BYTES + 4 * floats;
    String problem = source.problem(weights, Long.MAX_VALUE);
    if (problem != null) {
      throw new ModelFormatException(where + ": " + problem);
    }
    long size = source.knownSize(weights);
    if (size > most || most > Integer.MAX_VALUE - 8) {
      throw new ModelFormatException(where + ": weights file too long: the cfg needs " + floats
          + " floats (at most " + most + " bytes with the header), the file has " + size + " bytes");
    }
    byte[] bytes;
    try {
      bytes = source.read(weights, most);
    } catch (ModelFormatException e) {
      throw new ModelFormatException(where + ": weights file too long: the cfg needs " + floats
          + " floats (at most " + most + " bytes with the header)", e);
    }
    // DarknetModel.of names the layer where a short file runs out
    return DarknetModel.of(parsed, DarknetWeights.parse(bytes, where), where);
  }
}
