/**
 * Images through OpenCV: reading with header checks and EXIF orientation, format sniffing, and drawing boxes with a stable colour per class.
 */
package org.gridbox.cli.image;
