/** The consumer as a named module: on the module path gridbox-core's own module-info is used. */
module consumer {
  requires org.gridbox.core;
  requires java.management;
}
