package org.gridbox.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SSD priors, box coding and matching against torchvision 0.14.1
 * ({@code testdata/reference/ssd/generate.py} says how the values were made).
 */
class SsdTorchvisionReferenceTest {
  static JsonNode ref;

  @BeforeAll
  static void load() throws IOException {
    Path f = Path.of(System.getProperty("gridbox.root"), "testdata", "reference", "ssd",
        "ssd_reference.json");
    ref = new ObjectMapper().readTree(f.toFile());
  }

  @Test
  void ssd300PriorsEqualTorchvisionDefaultBoxes() {
    PriorBoxes priors = PriorBoxes.ssd300();
    assertThat(priors.count()).isEqualTo(ref.get("prior_count").asInt());
    JsonNode idx = ref.get("prior_indices");
    JsonNode boxes = ref.get("priors_xyxy");
    assertThat(idx.size()).isGreaterThan(100);
    for (int j = 0; j < idx.size(); j++) {
      float[] p = priors.prior(idx.get(j).asInt());
      for (int k = 0; k < 4; k++) {
        // torchvision computes in float32 (several roundings), we in double rounded once
        assertThat((double) p[k]).as("prior %d coord %d", idx.get(j).asInt(), k)
            .isCloseTo(boxes.get(j).get(k).asDouble(), within(3e-7));
      }
    }
  }

  @Test
  void decodeAndEncodeEqualTorchvisionBoxCoder() {
    PriorBoxes priors = PriorBoxes.ssd300();
    SsdBoxCoder coder = SsdBoxCoder.caffe();
    JsonNode c = ref.get("coder");
    JsonNode pi = c.get("prior_index");
    double[] box = new double[4];
    float[] codes = new float[4];
    float[] gt = new float[4];
    float[] enc = new float[4];
    for (int j = 0; j < pi.size(); j++) {
      int p = pi.get(j).asInt();
      for (int k = 0; k < 4; k++) {
        codes[k] = (float) c.get("codes_xywh").get(j).get(k).asDouble();
        gt[k] = (float) c.get("gt_xyxy").get(j).get(k).asDouble();
      }
      coder.decode(codes, 0, priors, p, box, 0);
      coder.encode(gt, 0, priors, p, enc, 0);
      for (int k = 0; k < 4; k++) {
        assertThat(box[k]).as("decode %d coord %d", j, k)
            .isCloseTo(c.get("decoded_xyxy").get(j).get(k).asDouble(), within(2e-6));
        // torchvision encodes in float32: several roundings of ~6e-8 relative each, and the
        // targets reach |t| ~ 50 for tiny far-away priors, so the tolerance is relative.
        double want = c.get("encoded_xywh").get(j).get(k).asDouble();
        assertThat((double) enc[k]).as("encode %d value %d", j, k)
            .isCloseTo(want, within(1e-5 + 1e-6 * Math.abs(want)));
      }
    }
  }

  @Test
  void matchingEqualsTorchvisionSsdMatcher() {
    JsonNode m = ref.get("matching");
    JsonNode g = m.get("gt_xyxy");
    float[] gt = new float[4 * g.size()];
    for (int j = 0; j < g.size(); j++) {
      for (int k = 0; k < 4; k++) {
        gt[4 * j + k] = (float) g.get(j).get(k).asDouble();
      }
    }
    int[] ours = PriorMatcher.match(gt, PriorBoxes.ssd300(), (float) m.get("threshold").asDouble());
    JsonNode want = m.get("matches");
    assertThat(ours).hasSize(want.size());
    int positives = 0;
    for (int p = 0; p < ours.length; p++) {
      int w = want.get(p).asInt();
      assertThat(ours[p]).as("prior %d", p).isEqualTo(w < 0 ? -1 : w);
      if (w >= 0) {
        positives++;
      }
    }
    assertThat(positives).isGreaterThan(g.size()); // more than just the forced ones
  }
}
