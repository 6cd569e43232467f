package org.gridbox;

import java.util.Arrays;

/**
 * The one argument-checking helper of gridbox-core (after Guava's {@code Preconditions}):
 * {@code Check.argument(cond, "template %s", values…)} throws an {@link IllegalArgumentException}
 * whose message is the template with each {@code %s} replaced by the next value.
 *
 * <p>The message is built only when the check fails. The fixed-arity forms with primitive
 * parameters neither box nor allocate when the condition holds, so they may stand at the top of
 * frequently called methods; the {@code Object} forms box primitive values and the varargs form
 * allocates its array on every call. (There are no {@code (float, float)} or {@code (double,
 * double)} pairs on purpose: an {@code int} beside a {@code float} would widen and print as
 * {@code 3.0}.) Values are
 * rendered with {@link String#valueOf} (so numbers read exactly as in string concatenation), arrays
 * with {@link Arrays#toString} (so callers pass {@code shape}, not {@code Arrays.toString(shape)});
 * values left over when the template runs out of {@code %s} are appended in square brackets.
 */
public final class Check {
  private Check() {}

  /**
   * Throws with {@code message} unless {@code condition}.
   *
   * @param condition the condition that must hold
   * @param message the message of the exception
   */
  public static void argument(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Throws with {@code template} filled with {@code v} unless {@code condition}.
   *
   * @param condition the condition that must hold
   * @param template the message, each {@code %s} replaced by the next value
   * @param v the value for the template
   */
  public static void argument(boolean condition, String template, int v) {
    if (!condition) {
      throw failure(template, v);
    }
  }

  /**
   * Throws with {@code template} filled with {@code v} unless {@code condition}.
   *
   * @param condition the condition that must hold
   * @param template the message, each {@code %s} replaced by the next value
   * @param v the value for the template
   */
  public static void argument(boolean condition, String template, long v) {
    if (!condition) {
      throw failure(template, v);
    }
  }

  /**
   * Throws with {@code template} filled with {@code v} unless {@code condition}.
   *
   * @param condition the condition that must hold
   * @param template the message, each {@code %s} replaced by the next value
   * @param v the value for the template
   */
  public static void argument(boolean condition, String template, float v) {
    if (!condition) {
      throw failure(template, v);
    }
  }

  /**
   * Throws with {@code template} filled with {@code v} unless {@code condition}.
   *
   * @param condition the condition that must hold
   * @param template the message, each {@code %s} replaced by the next value
   * @param v the value for the template
   */
  public static void argument(boolean condition, String template, double v) {
    if (!condition) {
      throw failure(template, v);
    }
  }

  /**
   * Throws with {@code template} filled with {@code v} unless {@code condition}.
   *
   * @param condition the condition that must hold
   * @param template the message, each {@code %s} replaced by the next value
   * @param v the value for the template
   */
  public static void argument(boolean condition, String template, Object v) {
    if (!condition) {
      throw failure(template, v);
    }
  }

  /**
   * Throws with {@code template} filled with {@code a, b} unless {@code condition}.
   *
   * @param condition the condition that must hold
   * @param template the message, each {@code %s} replaced by the next value
   * @param a the first value for the template
   * @param b the second value for the template
   */
  public static void argument(boolean condition, String template, int a, int b) {
    if (!condition) {
      throw failure(template, a, b);
    }
  }

  /**
   * Throws with {@code template} filled with {@code a, b} unless {@code condition}.
   *
   * @param condition the condition that must hold
   * @param template the message, each {@code %s} replaced by the next value
   * @param a the first value for the template
   * @param b the second value for the template
   */
  public static void argument(boolean condition, String template, long a, long b) {
    if (!condition) {
      throw failure(template, a, b);
    }
  }

  /**
   * Throws with {@code template} filled with {@code a, b} unless {@code condition}.
   *
   * @param condition the condition that must hold
   * @param template the message, each {@code %s} replaced by the next value
   * @param a the first value for the template
   * @param b the second value for the template
   */
  public static void argument(boolean condition, String template, Object a, Object b) {
    if (!condition) {
      throw failure(template, a, b);
    }
  }

  /**
   * Throws with {@code template} filled with {@code a, b, c} unless {@code condition}.
   *
   * @param condition the condition that must hold
   * @param template the message, each {@code %s} replaced by the next value
   * @param a the first value for the template
   * @param b the second value for the template
   * @param c the third value for the template
   */
  public static void argument(boolean condition, String template, int a, int b, int c) {
    if (!condition) {
      throw failure(template, a, b, c);
    }
  }

  /**
   * Throws with {@code template} filled with {@code a, b, c} unless {@code condition}.
   *
   * @param condition the condition that must hold
   * @param template the message, each {@code %s} replaced by the next value
   * @param a the first value for the template
   * @param b the second value for the template
   * @param c the third value for the template
   */
  public static void argument(boolean condition, String template, Object a, Object b, Object c) {
    if (!condition) {
      throw failure(template, a, b, c);
    }
  }

  /**
   * Throws with {@code template} filled with {@code values} unless {@code condition}.
   *
   * <p>Performance note: allocates the varargs array (and boxes primitives) on every call.
   *
   * @param condition the condition that must hold
   * @param template the message, each {@code %s} replaced by the next value
   * @param values the values for the template, in order
   */
  public static void argument(boolean condition, String template, Object... values) {
    if (!condition) {
      throw failure(template, values);
    }
  }

  /**
   * Returns {@code value}, or throws {@code "<name> must not be null"}.
   *
   * @param value the argument
   * @param name the argument's name in the message
   * @param <T> the argument's type
   * @return {@code value}
   */
  public static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }

  /**
   * The exception {@code argument} throws, for checks that do not fit one condition (a {@code
   * switch} default, a loop that finds the bad element): {@code throw Check.failure(...)}.
   *
   * @param template the message, each {@code %s} replaced by the next value
   * @param values the values for the template, in order
   * @return the exception, for the caller to throw
   */
  public static IllegalArgumentException failure(String template, Object... values) {
    return new IllegalArgumentException(format(template, values));
  }

  static String format(String template, Object... values) {
    StringBuilder sb = new StringBuilder(template.length() + 16 * values.length);
    int from = 0;
    int i = 0;
    while (i < values.length) {
      int at = template.indexOf("%s", from);
      if (at < 0) {
        break;
      }
      sb.append(template, from, at).append(render(values[i++]));
      from = at + 2;
    }
    sb.append(template, from, template.length());
    if (i < values.length) {
      sb.append(" [");
      for (int first = i; i < values.length; i++) {
        sb.append(i > first ? ", " : "").append(render(values[i]));
      }
      sb.append(']');
    }
    return sb.toString();
  }

  private static String render(Object v) {
    if (v instanceof int[] a) {
      return Arrays.toString(a);
    }
    if (v instanceof long[] a) {
      return Arrays.toString(a);
    }
    if (v instanceof float[] a) {
      return Arrays.toString(a);
    }
    if (v instanceof double[] a) {
      return Arrays.toString(a);
    }
    if (v instanceof Object[] a) {
      return Arrays.deepToString(a);
    }
    return String.valueOf(v);
  }
}
