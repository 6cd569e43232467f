package org.gridbox.archfixture.a;

/** Half of a deliberate package cycle (a → b → a) that {@code DependencyRulesTest} must reject. */
public final class A {
  private A() {}

  /** Uses {@code b}. */
  public static int viaB() {
    return org.gridbox.archfixture.b.B.one();
  }

  /** Used by {@code b}. */
  public static int two() {
    return 2;
  }
}
