/**
 * gridbox-core: boxes, IoU, NMS, decoders, losses, metrics, a pure-Java CNN engine, model formats,
 * ready detectors and training.
 *
 * <p>{@code jdk.incubator.vector} is required (not {@code static}): on the module path, resolving
 * this module resolves the Vector API too, so the fast kernels are used without
 * {@code --add-modules}. On the class path the module is not read and the JVM needs
 * {@code --add-modules jdk.incubator.vector}; without it every kernel runs its plain-Java twin (see
 * {@link org.gridbox.simd.Simd}).
 *
 * <p>VOC XML ({@link org.gridbox.io.VocXml}) needs {@code com.fasterxml.jackson.dataformat.xml},
 * an optional dependency: add {@code jackson-dataformat-xml} to use it.
 */
module org.gridbox.core {
  requires java.desktop;
  requires java.management;
  requires com.fasterxml.jackson.databind;
  requires static com.fasterxml.jackson.dataformat.xml;
  requires com.twelvemonkeys.imageio.metadata;
  requires jdk.incubator.vector;

  exports org.gridbox;
  exports org.gridbox.decode;
  exports org.gridbox.detection;
  exports org.gridbox.geom;
  exports org.gridbox.image;
  exports org.gridbox.io;
  exports org.gridbox.loss;
  exports org.gridbox.metrics;
  exports org.gridbox.models;
  exports org.gridbox.nms;
  exports org.gridbox.nn;
  exports org.gridbox.nn.darknet;
  exports org.gridbox.nn.optim;
  exports org.gridbox.nn.tfjs;
  exports org.gridbox.simd;
  exports org.gridbox.train;
}
