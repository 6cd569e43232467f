package org.gridbox.archfixture.b;

/** The other half of the deliberate cycle: {@code b} uses {@code a}, which uses {@code b}. */
public final class B {
  private B() {}

  /** Used by {@code a}. */
  public static int one() {
    return 1;
  }

  /** Uses {@code a}. */
  public static int viaA() {
    return org.gridbox.archfixture.a.A.two();
  }
}
