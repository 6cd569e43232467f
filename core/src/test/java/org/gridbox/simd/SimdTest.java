package org.gridbox.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandles;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SimdTest {

  /** A stand-in kernel family: the plain and the "vector" implementation. */
  interface Family extends Supplier<String> {}

  static final class Plain implements Family {
    @Override
    public String get() {
      return "plain";
    }
  }

  static final class Vectorised implements Family {
    @Override
    public String get() {
      return "vector";
    }
  }

  /**
   * True when the suite runs with {@code -Dgridbox.simd=scalar} (the pom's {@code vector.flags} can add
   * it: {@code mvn test "-Dvector.flags=--add-modules jdk.incubator.vector -Dgridbox.simd=scalar"}),
   * the way to run every test on the plain-Java kernels.
   */
  static boolean forcedScalar() {
    return "scalar".equals(System.getProperty(Simd.PROPERTY));
  }

  @Test
  void theDecisionIsDescribedConsistently() {
    // surefire runs with --add-modules jdk.incubator.vector (see the pom)
    if (forcedScalar()) {
      assertThat(Simd.vectorApi()).isFalse();
      assertThat(Simd.describe()).isEqualTo("plain Java (gridbox.simd=scalar)");
      return;
    }
    assertThat(Simd.vectorApi()).isTrue();
    assertThat(Simd.vectorBits()).isGreaterThanOrEqualTo(128);
    assertThat(Simd.describe()).isEqualTo("Vector API, " + Simd.vectorBits() + "-bit");
  }

  @Test
  void selectMakesTheVectorClassWhenChosenAndFallsBackWhenItCannot() {
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    Family v = Simd.select(lookup, Family.class, Vectorised.class.getName(), Plain::new);
    assertThat(v.get()).isEqualTo(forcedScalar() ? "plain" : "vector");
    Family missing = Simd.select(lookup, Family.class, "org.gridbox.simd.NoSuchKernel", Plain::new);
    assertThat(missing.get()).isEqualTo("plain");
    // a class of the wrong type is refused too
    Family wrong = Simd.select(lookup, Family.class, SimdTest.class.getName(), Plain::new);
    assertThat(wrong.get()).isEqualTo("plain");
  }
}
