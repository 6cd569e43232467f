package org.gridbox.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.gridbox.detection.Detections;
import org.gridbox.decode.RawOutput;
import org.gridbox.image.FloatImage;
import org.junit.jupiter.api.Test;

/**
 * NanoDet's preprocessing and decode against tfjs 4.22.0 (cpu) fixtures: the input tensor's SHA-256
 * bit for bit, and the decode of tfjs' own raw outputs against the spec's oracle decoder.
 */
class NanoDetHeadTest {
  static final String[] OUTPUTS = {"Identity", "Identity_1", "Identity_2", "Identity_3", "Identity_4",
      "Identity_5"};

  static List<RawOutput> tfjsRaw(String image) {
    List<RawOutput> raw = new ArrayList<>();
    JsonNode outs = ObjdetReference.image(image).get("nanodet").get("outputs");
    for (String o : OUTPUTS) {
      JsonNode shape = outs.get(o).get("shape");
      int[] s = new int[shape.size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = shape.get(i).asInt();
      }
      raw.add(new RawOutput(ObjdetReference.f32(image + "_nanodet_" + o + ".f32"), s));
    }
    return raw;
  }

  @Test
  void preprocessingIsBitExact() {
    for (String name : ObjdetReference.EXACT_INPUTS) {
      FloatImage img = ObjdetReference.pixels(name);
      float[] x = new float[3 * 416 * 416];
      NanoDetHead.preprocess(img, 416, x);
      assertThat(ObjdetReference.sha256(x)).as(name)
          .isEqualTo(ObjdetReference.image(name).get("nanodet").get("inputSha256").asText());
    }
  }

  @Test
  void decodesTfjsOutputsLikeTheOracle() {
    double maxBox = 0;
    for (String name : ObjdetReference.EXACT_INPUTS) {
      JsonNode e = ObjdetReference.image(name);
      List<RawOutput> raw = tfjsRaw(name);
      for (String thr : new String[] {"0.35", "0.05"}) {
        Detections d = NanoDetHead.decode(raw, 80, 416, e.get("width").asInt(), e.get("height").asInt(),
            NanoDet.Options.defaults().withScoreThreshold(Double.parseDouble(thr)));
        double[] m = ObjdetReference.assertSameDetections(d, e.get("nanodet").get("decoded").get(thr),
            0.01, 0, name + " @" + thr);
        maxBox = Math.max(maxBox, m[0]);
      }
    }
    System.out.printf("NanoDet decode of tfjs raw outputs vs oracle: max box diff %.3g px%n", maxBox);
  }

  @Test
  void decodeOrderOfOutputsDoesNotMatter() {
    List<RawOutput> raw = tfjsRaw("dog");
    List<RawOutput> shuffled = List.of(raw.get(5), raw.get(0), raw.get(3), raw.get(2), raw.get(4), raw.get(1));
    NanoDet.Options o = NanoDet.Options.defaults();
    assertThat(NanoDetHead.decode(shuffled, 80, 416, 768, 576, o))
        .isEqualTo(NanoDetHead.decode(raw, 80, 416, 768, 576, o));
  }

  @Test
  void rejectsUnpairedOutputs() {
    List<RawOutput> raw = tfjsRaw("dog");
    assertThatThrownBy(() -> NanoDetHead.decode(raw.subList(0, 4), 80, 416, 768, 576,
        NanoDet.Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected pairs");
  }
}
