/**
 * Box geometry: {@link org.gridbox.geom.Box}, format conversions, area, clipping, IoU and its
 * relatives. The one internal box format is {@code xyxy}, float, pixels of the original image,
 * continuous coordinates (no "+1"). Flat arrays are {@code float[4N]}, row-major, stride 4.
 */
package org.gridbox.geom;
