package org.gridbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CheckTest {

  @Test
  void passingChecksThrowNothing() {
    assertThatCode(() -> {
      Check.argument(true, "never %s", 1);
      Check.argument(true, "never %s %s", 1, 2);
      Check.argument(true, "never %s", (Object) null);
      Check.argument(true, "never");
    }).doesNotThrowAnyException();
  }

  @Test
  void valuesReadAsInStringConcatenation() {
    float f = 0.1f;
    double d = 0.1;
    long l = 1L << 40;
    assertThatThrownBy(() -> Check.argument(false, "f=%s", f)).hasMessage("f=" + f);
    assertThatThrownBy(() -> Check.argument(false, "d=%s", d)).hasMessage("d=" + d);
    assertThatThrownBy(() -> Check.argument(false, "l=%s", l)).hasMessage("l=" + l);
    assertThatThrownBy(() -> Check.argument(false, "%s and %s", 3, f)).hasMessage("3 and " + f);
    assertThatThrownBy(() -> Check.argument(false, "%s/%s/%s", 1, null, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("1/null/x");
  }

  @Test
  void arraysAreRenderedAndLeftoverValuesAppended() {
    assertThatThrownBy(() -> Check.argument(false, "shape %s", new int[] {1, 84, 8400}))
        .hasMessage("shape [1, 84, 8400]");
    assertThatThrownBy(() -> Check.argument(false, "v=%s", new float[] {0.5f, 2f}))
        .hasMessage("v=[0.5, 2.0]");
    assertThatThrownBy(() -> Check.argument(false, "only %s", 1, 2, 3, 4))
        .hasMessage("only 1 [2, 3, 4]");
    assertThat(Check.failure("no placeholders").getMessage()).isEqualTo("no placeholders");
  }

  @Test
  void notNullNamesTheArgument() {
    assertThat(Check.notNull("x", "name")).isEqualTo("x");
    assertThatThrownBy(() -> Check.notNull(null, "options"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("options must not be null");
  }
}
