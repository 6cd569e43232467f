package org.gridbox.nms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.gridbox.geom.Box;
import org.gridbox.geom.Iou;

class NmsPropertiesTest {

  /** A candidate set: flat boxes, scores and class ids. */
  record Candidates(float[] boxes, float[] scores, int[] classIds) {}

  /** One generated candidate. */
  record Row(float[] box, float score, int classId) {}

  @Provide
  Arbitrary<Candidates> candidates() {
    // Integer-ish coordinates on a small canvas: many overlaps and exact IoU ties.
    Arbitrary<float[]> box = Combinators.combine(
            Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 60),
            Arbitraries.integers().between(0, 30), Arbitraries.integers().between(0, 30))
        .as((x, y, w, h) -> new float[] {x, y, x + w, y + h});
    Arbitrary<Float> score = Arbitraries.integers().between(0, 5).map(i -> i / 5f);
    Arbitrary<Integer> cls = Arbitraries.integers().between(0, 2);
    return Combinators.combine(box, score, cls).as(Row::new).list().ofMaxSize(60).map(list -> {
      int n = list.size();
      float[] b = new float[4 * n];
      float[] s = new float[n];
      int[] c = new int[n];
      for (int i = 0; i < n; i++) {
        System.arraycopy(list.get(i).box(), 0, b, 4 * i, 4);
        s[i] = list.get(i).score();
        c[i] = list.get(i).classId();
      }
      return new Candidates(b, s, c);
    });
  }

  @Provide
  Arbitrary<Float> thresholds() {
    return Arbitraries.of(0f, 0.1f, 0.25f, 0.5f, 0.6f, 0.9f, 1f);
  }

  @Property(tries = 300)
  void keptBoxesPairwiseOverlapAtMostTheThreshold(
      @ForAll("candidates") Candidates c, @ForAll("thresholds") float t) {
    int[] kept = Nms.hard(c.boxes(), c.scores(), t);
    for (int a = 0; a < kept.length; a++) {
      for (int b = a + 1; b < kept.length; b++) {
        assertThat(iou(c, kept[a], kept[b])).isLessThanOrEqualTo(t);
      }
    }
    int[] perClass = Nms.batched(c.boxes(), c.scores(), c.classIds(), t);
    for (int a = 0; a < perClass.length; a++) {
      for (int b = a + 1; b < perClass.length; b++) {
        if (c.classIds()[perClass[a]] == c.classIds()[perClass[b]]) {
          assertThat(iou(c, perClass[a], perClass[b])).isLessThanOrEqualTo(t);
        }
      }
    }
  }

  @Property(tries = 300)
  void everySuppressedBoxOverlapsAnEarlierKeptBox(
      @ForAll("candidates") Candidates c, @ForAll("thresholds") float t) {
    int[] kept = Nms.hard(c.boxes(), c.scores(), t);
    int[] rank = new int[c.scores().length];
    Arrays.fill(rank, -1);
    for (int k = 0; k < kept.length; k++) {
      rank[kept[k]] = k;
    }
    // Kept indices come score descending, ties in input order.
    for (int k = 1; k < kept.length; k++) {
      float prev = c.scores()[kept[k - 1]];
      float cur = c.scores()[kept[k]];
      assertThat(prev > cur || (prev == cur && kept[k - 1] < kept[k])).isTrue();
    }
    for (int i = 0; i < c.scores().length; i++) {
      if (rank[i] >= 0) {
        continue;
      }
      final int s = i;
      boolean covered = IntStream.of(kept).anyMatch(k ->
          (c.scores()[k] > c.scores()[s] || (c.scores()[k] == c.scores()[s] && k < s))
              && iou(c, k, s) > t);
      assertThat(covered).as("suppressed box %d", i).isTrue();
    }
  }

  @Property(tries = 300)
  void batchedIsTheUnionOfPerClassHard(
      @ForAll("candidates") Candidates c, @ForAll("thresholds") float t) {
    List<Integer> union = new ArrayList<>();
    for (int cls = 0; cls <= 2; cls++) {
      final int k = cls;
      int[] idx = IntStream.range(0, c.scores().length).filter(i -> c.classIds()[i] == k).toArray();
      float[] b = new float[4 * idx.length];
      float[] s = new float[idx.length];
      for (int j = 0; j < idx.length; j++) {
        System.arraycopy(c.boxes(), 4 * idx[j], b, 4 * j, 4);
        s[j] = c.scores()[idx[j]];
      }
      for (int j : Nms.hard(b, s, t)) {
        union.add(idx[j]);
      }
    }
    union.sort((x, y) -> c.scores()[x] != c.scores()[y]
        ? Float.compare(c.scores()[y], c.scores()[x]) : Integer.compare(x, y));
    assertThat(Nms.batched(c.boxes(), c.scores(), c.classIds(), t))
        .containsExactly(union.stream().mapToInt(Integer::intValue).toArray());
  }

  @Property(tries = 300)
  void resultIsIndependentOfTheSpatialIndex(
      @ForAll("candidates") Candidates c, @ForAll("thresholds") float t) {
    // The plain O(N * kept) loop has no spatial index at all.
    assertThat(Nms.hard(c.boxes(), c.scores(), t))
        .containsExactly(PlainGreedy.nms(c.boxes(), c.scores(), t));
    // Nor does the plain loop behind non-default options (eta = 1 keeps semantics unchanged).
    assertThat(Nms.apply(c.boxes(), c.scores(), NmsOptions.torchvision(t)))
        .containsExactly(PlainGreedy.nms(c.boxes(), c.scores(), t));
  }

  private static float iou(Candidates c, int i, int j) {
    return Iou.of(Box.of(c.boxes(), i), Box.of(c.boxes(), j));
  }
}
