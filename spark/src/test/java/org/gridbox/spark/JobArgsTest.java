package org.gridbox.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class JobArgsTest {
  private static final String USAGE = "usage: Job --score t --n k";

  @Test
  void numbersAreParsedAndBadOnesNameTheOption() {
    JobArgs a = new JobArgs(new String[] {"--debug", "--score", "0.25", "--n", "7"}, Set.of("score", "n"), USAGE);
    assertThat(a.decimal("score", Double.NaN)).isEqualTo(0.25);
    assertThat(a.integer("n", 0)).isEqualTo(7);
    assertThat(a.integer("absent", 3)).isEqualTo(3);
    JobArgs bad = new JobArgs(new String[] {"--score", "high", "--n", "1.5"}, Set.of("score", "n"), USAGE);
    assertThatThrownBy(() -> bad.decimal("score", 0)).hasMessageStartingWith("--score: expected a number, got 'high'")
        .hasMessageContaining(USAGE);
    assertThatThrownBy(() -> bad.integer("n", 0)).hasMessageStartingWith("--n: expected a whole number, got '1.5'");
  }

  @Test
  void unknownOptionsAndMissingValuesAreRefusedWithTheUsage() {
    assertThatThrownBy(() -> new JobArgs(new String[] {"--bogus", "1"}, Set.of("score"), USAGE))
        .hasMessageContaining("'--bogus'").hasMessageContaining(USAGE);
    assertThatThrownBy(() -> new JobArgs(new String[] {"--score"}, Set.of("score"), USAGE))
        .hasMessageContaining("'--score'");
  }
}
