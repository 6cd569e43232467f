package org.gridbox.simd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridbox.geom.Iou;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} gets one log record naming the
 * flag (through System.Logger, so java.util.logging's console handler puts it on stderr here) and
 * nothing on stdout, however many kernels it uses.
 */
class PlainJavaNoticeTest {
  /** Runs in the child JVM: uses two kernel families and asks for the decision twice. */
  public static void main(String[] args) {
    Iou.pairwise(new float[] {0, 0, 2, 2}, new float[] {1, 1, 3, 3});
    Iou.pairwise(new float[] {0, 0, 2, 2}, new float[] {1, 1, 3, 3});
    if (Simd.vectorApi() || !Simd.describe().startsWith("plain Java")) {
      System.exit(3);
    }
  }

  @Test
  void withoutTheModuleOneLogRecordNamesTheFlag() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        PlainJavaNoticeTest.class.getName())).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isZero();
    assertThat(out).isEmpty();
    assertThat(err.split("--add-modules jdk.incubator.vector", -1)).as(err).hasSize(2);
    assertThat(err).contains("INFO").contains("plain-Java kernels");
  }
}
