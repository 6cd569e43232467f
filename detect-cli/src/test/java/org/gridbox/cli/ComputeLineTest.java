package org.gridbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.gridbox.simd.Simd;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gridbox summary} and {@code --debug} say which compute kernels run. */
class ComputeLineTest {
  private static final Path CS231N = SummaryCommandTest.CS231N;

  private static String[] run(String... args) {
    CommandLine cl = GridboxCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void summaryEndsWithTheKernelChoice() {
    String[] r = run("summary", CS231N.toString());
    assertThat(r[0]).isEqualTo("0");
    // surefire runs with --add-modules jdk.incubator.vector (see the pom)
    assertThat(Simd.describe()).startsWith("Vector API, ").endsWith("-bit");
    assertThat(r[1].strip().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("compute: " + Simd.describe());
    assertThat(r[2]).doesNotContain("compute:");
  }

  @Test
  void debugPrintsTheKernelChoiceFirstOnStderr() {
    String[] r = run("summary", CS231N.toString(), "--debug");
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[2].lines().findFirst().orElseThrow()).isEqualTo("gridbox: compute: " + Simd.describe());
  }
}
