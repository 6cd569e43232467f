package org.gridbox.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * The {@link ConvAlgorithm}s that suit one {@link Conv2d}'s weights, in order of preference, each made —
 * with its weight packing — when a forward first needs it: a layer that always runs {@link WinogradConv}
 * holds no GEMM packing beside U (yolov3-tiny: 314 → 226 MB of heap after loading and one forward). Its own
 * class so that {@code Conv2d} keeps the layer (parameters, shapes, backward) and this the choice.
 */
final class ConvAlgorithms {
  /** A value made on first use, once (a forward may run on several sessions' threads at once). */
  private static final class Lazy<T> {
    private Supplier<T> make;
    private volatile T value;

    Lazy(Supplier<T> make) {
      this.make = make;
    }

    boolean made() {
      return value != null;
    }

    T get() {
      T v = value;
      if (v == null) {
        synchronized (this) {
          v = value;
          if (v == null) {
            v = make.get();
            value = v;
            make = null;
          }
        }
      }
      return v;
    }
  }

  /**
   * One algorithm: the output widths it applies to, and the object. {@code gemm}: pixels in the lanes
   * ({@link ImplicitGemmConv}, {@link PackedGemmConv}), which compute any block of output rows.
   */
  private record Candidate(IntPredicate applies, boolean gemm, Lazy<ConvAlgorithm> algorithm) {
    Candidate(IntPredicate applies, boolean gemm, Supplier<ConvAlgorithm> make) {
      this(applies, gemm, new Lazy<>(make));
    }
  }

  /** In order of preference; the last one always applies. */
  private final Candidate[] all;

  /**
   * The algorithms for these weights (none made yet): {@code blockedKernel} null for no
   * {@link BlockedGemmConv}, {@code winograd} false for no {@link WinogradConv}.
   */
  ConvAlgorithms(ConvGeometry geometry, float[] weights, float[] bias, Activation activation, MicroKernel kernel,
      BlockedKernel blockedKernel, boolean winograd) {
    if (geometry.depthwise()) {
      all = new Candidate[] {new Candidate(w -> true, false, () -> SquareDepthwise.suits(geometry)
          ? new SquareDepthwise(geometry, weights, bias, activation)
          : new DepthwiseConv(geometry, weights, bias, activation))};
      return;
    }
    // one packing for both GEMMs, made with the first of them
    Lazy<PackedWeights> packed = new Lazy<>(() -> new PackedWeights(geometry, weights, kernel.mr()));
    List<Candidate> list = new ArrayList<>();
    if (blockedKernel != null && BlockedGemmConv.suits(geometry, activation, blockedKernel.lanes())) {
      list.add(new Candidate(BlockedGemmConv::applies, false,
          () -> new BlockedGemmConv(geometry, weights, bias, activation, blockedKernel)));
    }
    if (winograd && WinogradConv.suits(geometry)) {
      list.add(new Candidate(WinogradConv::applies, false,
          () -> new WinogradConv(geometry, weights, bias, activation, kernel)));
    }
    if (ImplicitGemmConv.suits(geometry)) {
      list.add(new Candidate(ImplicitGemmConv::applies, true,
          () -> new ImplicitGemmConv(geometry, packed.get(), bias, activation, kernel)));
    }
    list.add(new Candidate(w -> true, true, () -> new PackedGemmConv(geometry, packed.get(), bias, activation, kernel)));
    all = list.toArray(Candidate[]::new);
  }

  /**
   * The first algorithm that applies to an output {@code outWidth} wide, among the GEMMs (pixels in the
   * lanes) only when {@code gemm} (a depthwise convolution has only its own).
   */
  ConvAlgorithm forWidth(int outWidth, boolean gemm) {
    for (Candidate a : all) {
      if (a.applies().test(outWidth) && (a.gemm() || !gemm)) {
        return a.algorithm().get();
      }
    }
    return all[all.length - 1].algorithm().get();
  }

  /** The classes of the algorithms made so far, in order of preference. */
  List<Class<?>> made() {
    List<Class<?>> made = new ArrayList<>();
    for (Candidate c : all) {
      if (c.algorithm().made()) {
        made.add(c.algorithm().get().getClass());
      }
    }
    return made;
  }
}
