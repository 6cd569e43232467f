package org.gridbox.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The two YOLOv8 layouts are one tensor stored two ways, so they must give the same candidates —
 * NaN and infinite values included.
 */
class YoloV8LayoutPropertyTest {

  /** A channels-first {@code [4 + C, N]} tensor and its C. */
  record Tensor(int classes, int n, float[] channelsFirst) {
    float[] candidatesFirst() {
      int e = 4 + classes;
      float[] t = new float[e * n];
      for (int ch = 0; ch < e; ch++) {
        for (int i = 0; i < n; i++) {
          t[i * e + ch] = channelsFirst[ch * n + i];
        }
      }
      return t;
    }

    @Override
    public String toString() {
      return "C=" + classes + ", N=" + n + ", [4+C, N]=" + Arrays.toString(channelsFirst);
    }
  }

  @Provide
  Arbitrary<Tensor> tensors() {
    // Values where the rule matters: NaN, ±Inf, scores around typical thresholds and above 1,
    // negative sizes, ordinary coordinates.
    Arbitrary<Float> value = Arbitraries.oneOf(
        Arbitraries.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, 0.25f, 0.5f,
            0.9f, 1f, 1.01f, -1f),
        Arbitraries.floats().between(-2f, 2f),
        Arbitraries.floats().between(0f, 64f));
    return Combinators.combine(Arbitraries.integers().between(1, 4),
        Arbitraries.integers().between(1, 7)).flatAs((c, n) ->
            value.array(float[].class).ofSize((4 + c) * n).map(v -> new Tensor(c, n, v)));
  }

  @Property(tries = 500)
  void transposedTensorGivesTheSameCandidates(@ForAll("tensors") Tensor t,
      @ForAll("thresholds") float threshold) {
    YoloV8Decoder d = new YoloV8Decoder(t.classes(), 64, 64);
    int e = 4 + t.classes();
    // N = 4 + C makes the shape itself ambiguous (read as channels-first, as documented)
    Assume.that(t.n() != e);
    for (ClassSelection s : ClassSelection.values()) {
      Candidates a = new Candidates(1);
      Candidates b = new Candidates(1);
      d.decode(t.channelsFirst(), new int[] {1, e, t.n()}, threshold, s, a);
      d.decode(t.candidatesFirst(), new int[] {1, t.n(), e}, threshold, s, b);
      assertSame(a, b, s.name());
    }
  }

  @Provide
  Arbitrary<Float> thresholds() {
    return Arbitraries.of(0f, 0.25f, 0.5f, 0.99f);
  }

  /** The case from issue 13: class 0 = NaN, class 1 = 0.9, one candidate. */
  @Test
  void nanInOneClassDoesNotHideTheOtherInEitherLayout() {
    float[] cf = {10, 10, 4, 4, Float.NaN, 0.9f}; // [6, 1] equals [1, 6] for N = 1
    YoloV8Decoder d = new YoloV8Decoder(2, 64, 64);
    for (int[] shape : List.of(new int[] {1, 6, 1}, new int[] {1, 1, 6})) {
      Candidates out = new Candidates();
      d.decode(cf, shape, 0.25f, ClassSelection.BEST_CLASS, out);
      assertThat(out.size()).as(Arrays.toString(shape)).isEqualTo(1);
      assertThat(out.classIds()[0]).isEqualTo(1);
      assertThat(out.scores()[0]).isEqualTo(0.9f);
    }
  }

  /** The shortcut for a known finite maximum chooses what the full scan chooses. */
  @Property(tries = 500)
  void knownMaximumGivesTheSameChoice(@ForAll("tensors") Tensor t,
      @ForAll("thresholds") float threshold) {
    float[] row = t.candidatesFirst(); // candidate 0's class scores at [4, 4 + C)
    float[] box = {1, 2, 3, 4};
    float max = CandidateEmitter.maxScore(row, 4, 1, t.classes());
    for (ClassSelection s : ClassSelection.values()) {
      Candidates full = new Candidates(1);
      Candidates quick = new Candidates(1);
      CandidateEmitter.fromScores(row, 4, 1, t.classes(), 1f, threshold, s, box, 0, full);
      CandidateEmitter.fromScores(row, 4, 1, t.classes(), 1f, max, threshold, s, box, 0, quick);
      assertSame(full, quick, s.name());
    }
  }

  private static void assertSame(Candidates a, Candidates b, String what) {
    int n = a.size();
    assertThat(b.size()).as(what + ": count").isEqualTo(n);
    assertThat(Arrays.copyOf(b.boxes(), 4 * n)).as(what + ": boxes")
        .containsExactly(Arrays.copyOf(a.boxes(), 4 * n));
    assertThat(Arrays.copyOf(b.scores(), n)).as(what + ": scores")
        .containsExactly(Arrays.copyOf(a.scores(), n));
    assertThat(Arrays.copyOf(b.classIds(), n)).as(what + ": classes")
        .containsExactly(Arrays.copyOf(a.classIds(), n));
    assertThat(Arrays.copyOf(b.sourceIndices(), n)).as(what + ": sources")
        .containsExactly(Arrays.copyOf(a.sourceIndices(), n));
  }
}
