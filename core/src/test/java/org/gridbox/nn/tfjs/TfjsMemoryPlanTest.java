package org.gridbox.nn.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gridbox.nn.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Activation buffer reuse ({@link MemoryPlan}): a reusing session returns bit-for-bit the outputs of a
 * session that gives every activation its own array, for the signature outputs and for intermediate
 * outputs requested on the same session in between, and holds less memory.
 */
class TfjsMemoryPlanTest {

  static Tensor input(TfjsGraphModel m) {
    int[] shape = m.inputShape(m.inputNames().get(0));
    float[] x = new float[Layouts.size(shape)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i * 0.0007) * 2 + (float) Math.cos(i * 0.013);
    }
    return Tensor.wrap(x, shape);
  }

  static void assertSame(Map<String, Tensor> a, Map<String, Tensor> b) {
    assertThat(a.keySet()).containsExactlyElementsOf(b.keySet());
    for (String k : a.keySet()) {
      assertThat(a.get(k).shape()).as(k).containsExactly(b.get(k).shape());
      assertThat(firstDifference(a.get(k).data(), b.get(k).data())).as(k + ": first differing index").isEqualTo(-1);
    }
  }

  /** Index of the first element whose bits differ, or -1 (assertj's element diff is quadratic on 1M floats). */
  static int firstDifference(float[] x, float[] y) {
    assertThat(x.length).isEqualTo(y.length);
    for (int i = 0; i < x.length; i++) {
      if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
        return i;
      }
    }
    return -1;
  }

  void check(String name, List<String> intermediate) {
    TfjsGraphModel m = TfjsGraphModelTest.load(name);
    Tensor x = input(m);
    Map<String, Tensor> in = Map.of(m.inputNames().get(0), x);
    List<String> outs = m.outputNames();
    try (TfjsGraphModel.Session plain = m.newSession(1, false); TfjsGraphModel.Session s = m.newSession()) {
      Map<String, Tensor> want = plain.run(in, outs);
      Map<String, Tensor> wantMid = plain.run(in, intermediate);
      long before = plain.activationBytes();
      assertSame(s.run(in, outs), want);
      long defaultBytes = s.activationBytes();
      assertSame(s.run(in, intermediate), wantMid);
      assertSame(s.run(in, outs), want);
      List<String> both = new ArrayList<>(intermediate);
      both.addAll(outs);
      Map<String, Tensor> all = s.run(in, both);
      for (String k : outs) {
        assertThat(firstDifference(all.get(k).data(), want.get(k).data())).as(k).isEqualTo(-1);
      }
      System.out.printf("%s activations per session: %,d bytes without reuse, %,d with reuse (signature outputs),"
          + " %,d after also requesting %s%n", name, before, defaultBytes, s.activationBytes(), intermediate);
      assertThat(defaultBytes).isLessThan(before * 2 / 3);
      assertThat(m.activationBytes(true)).isEqualTo(defaultBytes);
      assertThat(m.activationBytes(false)).isEqualTo(before);
      assertThat(s.activationBytes()).isLessThanOrEqualTo(before);
    }
  }

  @Test
  void nanodetReusesBuffersWithoutChangingOutputs() {
    TfjsGraphModel m = TfjsGraphModelTest.load("nanodet");
    List<PlanStep> plan = m.plan();
    String mid = plan.get(plan.size() / 2).nodes().get(0);
    check("nanodet", List.of(mid));
  }

  @Test
  void centernetReusesBuffersWithoutChangingOutputs() {
    check("centernet", List.of("tower_0/TopKV2", "tower_0/TopKV2:1", "tower_0/keypoints"));
  }
}
