package org.gridbox.simd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Supplier;

/**
 * The one switch between the Vector-API kernels and their plain-Java twins, decided once per JVM.
 *
 * <p>The Vector API ({@code jdk.incubator.vector}) is used when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, its preferred float species has at least 128 bits
 * (4 lanes), and the system property {@value #PROPERTY} is not {@code scalar}. Every kernel family
 * (the convolution micro-kernel, row, pooling and depthwise kernels, pairwise IoU) asks
 * {@link #select} for its implementation, so they all follow the same decision, and
 * {@link #describe()} says which it was and why.
 *
 * <p>The vector classes are loaded by name only after the decision, so this class and the kernels'
 * plain-Java versions run on a JVM without the incubator module. When the module is missing, the
 * decision is logged once per JVM as one {@code INFO} record through {@link System.Logger} (logger
 * {@code org.gridbox.simd}) naming the option; nothing is printed to standard output or error by
 * gridbox itself (where the record goes is the logging configuration's choice).
 *
 * <p>On the module path the flag is not needed: {@code module org.gridbox.core} requires
 * {@code jdk.incubator.vector}, so resolving gridbox resolves the Vector API.
 */
public final class Simd {
  /** System property: {@code scalar} forces the plain-Java kernels; anything else (or unset) means auto. */
  public static final String PROPERTY = "gridbox.simd";

  private static final Decision DECISION = decide();

  private Simd() {}

  /** What was decided, once. */
  private record Decision(int bits, String description) {}

  private static Decision decide() {
    if ("scalar".equals(System.getProperty(PROPERTY))) {
      return new Decision(0, "plain Java (" + PROPERTY + "=scalar)");
    }
    if (Simd.class.getModule().getLayer() == null
        ? ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()
        : Simd.class.getModule().getLayer().findModule("jdk.incubator.vector").isEmpty()) {
      String why = "plain Java: start the JVM with --add-modules jdk.incubator.vector for the"
          + " Vector-API kernels";
      System.getLogger("org.gridbox.simd").log(System.Logger.Level.INFO, "gridbox runs its "
          + "plain-Java kernels (several times slower): start the JVM with --add-modules "
          + "jdk.incubator.vector for the Vector-API kernels");
      return new Decision(0, why);
    }
    try {
      int bits = (int) MethodHandles.lookup().findStatic(Class.forName("org.gridbox.simd.VectorWidth"), "bits",
          MethodType.methodType(int.class)).invoke();
      if (bits < 128) {
        return new Decision(0, "plain Java: the Vector API's preferred species has only " + bits + " bits");
      }
      return new Decision(bits, "Vector API, " + bits + "-bit");
    } catch (Throwable e) {
      return new Decision(0, "plain Java: the Vector API did not load (" + e + ")");
    }
  }

  /**
   * Whether the Vector-API kernels are used.
   *
   * @return true when the Vector-API kernels are used
   */
  public static boolean vectorApi() {
    return DECISION.bits() > 0;
  }

  /**
   * The preferred vector width.
   *
   * @return the width in bits when {@link #vectorApi()}, else 0
   */
  public static int vectorBits() {
    return DECISION.bits();
  }

  /**
   * One line for users: {@code "Vector API, 256-bit"}, or {@code "plain Java: …"} with the reason
   * and, when the module is missing, the JVM option that enables it.
   *
   * @return the decision in words
   */
  public static String describe() {
    return DECISION.description();
  }

  /**
   * The implementation of one kernel family: a new instance of the class {@code vectorClass} (found
   * and constructed through {@code lookup}, so it may be package-private; it needs a no-argument
   * constructor) when {@link #vectorApi()}, else {@code plain.get()}. Falls back to plain Java if the
   * vector class cannot be made.
   *
   * @param lookup the caller's {@code MethodHandles.lookup()}, with access to {@code vectorClass}
   * @param type the kernel interface
   * @param vectorClass binary name of the Vector-API implementation
   * @param plain makes the plain-Java implementation
   * @param <T> the kernel interface
   * @return the implementation to use
   */
  public static <T> T select(MethodHandles.Lookup lookup, Class<T> type, String vectorClass, Supplier<T> plain) {
    if (!vectorApi()) {
      return plain.get();
    }
    try {
      Class<?> c = lookup.findClass(vectorClass);
      return type.cast(lookup.findConstructor(c, MethodType.methodType(void.class)).invoke());
    } catch (Throwable e) {
      return plain.get();
    }
  }
}
