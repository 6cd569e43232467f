package org.gridbox.nn.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gridbox.nn.Tensor;
import org.junit.jupiter.api.Test;

class TfjsGraphModelTest {
  static final Path MODELS = Path.of(System.getProperty("gridbox.root"), "testdata", "models");

  @Test
  void smoke() {
    for (String m : List.of("nanodet", "centernet")) {
      long t0 = System.nanoTime();
      TfjsGraphModel model = TfjsGraphModel.load(MODELS.resolve(m).resolve(m + ".json"));
      System.out.println(m + " load ms " + (System.nanoTime() - t0) / 1e6 + " inputs " + model.inputNames() + " outputs " + model.outputNames());
      Map<String, Integer> ops = new java.util.TreeMap<>();
      for (PlanStep s : model.plan()) {
        ops.merge(s.op(), 1, Integer::sum);
        if (!s.op().contains("Conv")) System.out.println("  " + s);
      }
      System.out.println(ops);
      int[] shape = model.inputShape(model.inputNames().get(0));
      float[] x = new float[Layouts.size(shape)];
      for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.001) * (m.equals("nanodet") ? 1 : 100) + (m.equals("nanodet") ? 0 : 120);
      try (TfjsGraphModel.Session s = model.newSession()) {
        for (int r = 0; r < 3; r++) {
          t0 = System.nanoTime();
          Map<String, Tensor> out = s.run(Map.of(model.inputNames().get(0), Tensor.wrap(x, shape)), model.outputNames());
          System.out.println("run ms " + (System.nanoTime() - t0) / 1e6);
          if (r == 0) out.forEach((k, v) -> System.out.println(k + " " + v + " " + v.data()[0] + " " + v.data()[v.size() - 1]));
        }
      }
    }
  }
}
