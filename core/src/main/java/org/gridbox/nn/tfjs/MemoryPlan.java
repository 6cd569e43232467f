package org.gridbox.nn.tfjs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which activation buffers of a plan may share one array, for one set of requested outputs.
 *
 * <p>A buffer is live from the first step that touches it (reads or writes) to the last one; the model's
 * inputs are live from before the first step, and the requested outputs until after the last (they are
 * read when the run ends). Two buffers share an array only when their live ranges are disjoint — a step
 * never reads and writes the same array — and they have the same element type and the same length
 * (steps and the engine's layers rely on a buffer's exact length). Buffers are assigned in order of
 * first use by linear scan: each takes the free array of its kind that was released first, or a new one.
 *
 * <p>An assignment names arrays as (kind, ordinal); a session allocates the arrays of a kind on first
 * use and shares them between the assignments of all output sets it is asked for, so its memory is the
 * maximum over those sets, not the sum.
 */
final class MemoryPlan {
  /** Array kind per buffer (index into {@link #kinds}), or -1 for constants and unused buffers. */
  final int[] kindOf;
  /** Ordinal of the buffer's array within its kind. */
  final int[] slotOf;
  /** Kinds: {@code [type (0 float, 1 int), length]}. */
  final List<int[]> kinds;
  /** Arrays needed per kind. */
  final int[] slots;

  private MemoryPlan(int[] kindOf, int[] slotOf, List<int[]> kinds, int[] slots) {
    this.kindOf = kindOf;
    this.slotOf = slotOf;
    this.kinds = kinds;
    this.slots = slots;
  }

  /**
   * Plans the arrays.
   *
   * @param steps the plan in execution order
   * @param constant per buffer: true for constants (never assigned)
   * @param types per buffer: its element type
   * @param lengths per buffer: its length
   * @param pinned buffers live for the whole run (inputs and requested outputs)
   * @param reuse false to give every buffer its own array (the reference behaviour for tests)
   */
  static MemoryPlan of(List<Step> steps, boolean[] constant, Value.Type[] types, int[] lengths, int[] pinned,
      boolean reuse) {
    int n = lengths.length;
    int[] first = new int[n];
    int[] last = new int[n];
    Arrays.fill(first, Integer.MAX_VALUE);
    Arrays.fill(last, -1);
    for (int k = 0; k < steps.size(); k++) {
      Step s = steps.get(k);
      for (Value v : s.in) {
        touch(first, last, v.buffer, k);
      }
      for (Value v : s.out) {
        touch(first, last, v.buffer, k);
      }
    }
    for (int b : pinned) {
      first[b] = -1;
      last[b] = steps.size();
    }
    Integer[] order = new Integer[n];
    int count = 0;
    for (int b = 0; b < n; b++) {
      if (!constant[b] && last[b] >= 0) {
        order[count++] = b;
      }
    }
    Arrays.sort(order, 0, count, (a, b) -> Integer.compare(first[a], first[b]));
    int[] kindOf = new int[n];
    int[] slotOf = new int[n];
    Arrays.fill(kindOf, -1);
    List<int[]> kinds = new ArrayList<>();
    Map<Long, Integer> kindIndex = new HashMap<>();
    List<List<int[]>> held = new ArrayList<>(); // per kind: {slot, lastUse} of arrays in use or released
    List<Integer> slotCounts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int b = order[i];
      int type = types[b] == Value.Type.FLOAT ? 0 : 1;
      long key = ((long) type << 32) | lengths[b];
      Integer kind = kindIndex.get(key);
      if (kind == null) {
        kind = kinds.size();
        kindIndex.put(key, kind);
        kinds.add(new int[] {type, lengths[b]});
        held.add(new ArrayList<>());
        slotCounts.add(0);
      }
      int[] best = null;
      if (reuse) {
        for (int[] h : held.get(kind)) {
          if (h[1] < first[b] && (best == null || h[1] < best[1])) {
            best = h;
          }
        }
      }
      if (best == null) {
        best = new int[] {slotCounts.get(kind), -1};
        slotCounts.set(kind, best[0] + 1);
        held.get(kind).add(best);
      }
      best[1] = last[b];
      kindOf[b] = kind;
      slotOf[b] = best[0];
    }
    return new MemoryPlan(kindOf, slotOf, List.copyOf(kinds),
        slotCounts.stream().mapToInt(Integer::intValue).toArray());
  }

  private static void touch(int[] first, int[] last, int b, int k) {
    first[b] = Math.min(first[b], k);
    last[b] = Math.max(last[b], k);
  }

  /** Bytes of the arrays this plan needs (4 per element). */
  long bytes() {
    long sum = 0;
    for (int k = 0; k < slots.length; k++) {
      sum += 4L * kinds.get(k)[1] * slots[k];
    }
    return sum;
  }
}
