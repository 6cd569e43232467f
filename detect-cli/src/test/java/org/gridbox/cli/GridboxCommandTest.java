package org.gridbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.gridbox.cli.summary.SummaryCommandTest;
import org.gridbox.simd.Simd;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GridboxCommandTest {

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
  void helpListsExitCodes() {
    String[] r = run("--help");
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1]).contains("Usage: gridbox").contains("Exit codes");
  }

  @Test
  void versionNamesTheProject() {
    String[] r = run("--version");
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1]).startsWith("gridbox ").doesNotContain("unknown");
  }

  @Test
  void unknownOptionIsUsageError() {
    String[] r = run("--no-such-option");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--no-such-option");
  }

  @Test
  void aMistypedCommandLineGetsOneErrorAndWhereTheOptionsAreNotTheWholeUsage() {
    String[] r = run("detct", "photos");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).startsWith("gridbox: error: unmatched arguments").contains("Did you mean: gridbox detect?")
        .contains("Run 'gridbox --help' for the options.").doesNotContain("Usage:");
    r = run("detect", "--bogus", "photos");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).startsWith("gridbox: error: unknown option: '--bogus'")
        .contains("Run 'gridbox detect --help' for the options.").doesNotContain("Usage:");
    assertThat(r[2].lines().count()).isLessThan(6);
    // picocli reports the missing PATH first; the mistyped option beside it is named too
    r = run("detect", "--bogus");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("missing required parameter").contains("gridbox: error: unknown option: '--bogus'");
  }

  @Test
  void everySubcommandHasHelp() {
    CommandLine cl = GridboxCommand.commandLine();
    for (String name : cl.getSubcommands().keySet()) {
      String[] r = run(name, "--help");
      assertThat(r[0]).as(name).isEqualTo("0");
      assertThat(r[1]).as(name).contains("Usage: gridbox " + name);
    }
  }

  @Test
  void debugPrintsTheKernelChoiceFirstOnStderr() {
    String[] r = run("summary", SummaryCommandTest.CS231N.toString(), "--debug");
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[2].lines().findFirst().orElseThrow()).isEqualTo("gridbox: compute: " + Simd.describe());
  }
}
