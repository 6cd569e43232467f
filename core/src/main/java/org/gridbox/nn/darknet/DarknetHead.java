package org.gridbox.nn.darknet;

import org.gridbox.nn.IdentityLayer;

/**
 * A Darknet detection head ({@code [yolo]}, {@code [region]}, {@code [detection]}) as a layer: it passes
 * its input through unchanged, so the network's output at this node is the <em>raw</em> tensor
 * {@code [N, A·(5 + classes), H, W]} (or the YOLOv1 layout for {@code [detection]}) that the decoders
 * read. Its options (anchors, mask, classes, ...) are kept for them.
 */
public final class DarknetHead extends IdentityLayer {
  private final DarknetCfg.Section section;

  /** @param section the cfg section of this head */
  public DarknetHead(DarknetCfg.Section section) {
    this.section = section;
  }

  /**
   * The cfg section this head was built from.
   *
   * @return the section, with its name ({@code yolo}, {@code region} or {@code detection}) and options
   */
  public DarknetCfg.Section section() {
    return section;
  }

  @Override
  public String describe() {
    return section.name() + " (raw output)";
  }
}
