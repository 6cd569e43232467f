package org.gridbox.bench;

import java.util.concurrent.TimeUnit;
import org.gridbox.nn.Activation;
import org.gridbox.nn.ActivationLayer;
import org.gridbox.nn.ComputeContext;
import org.gridbox.nn.Network;
import org.gridbox.nn.SessionOwner;
import org.gridbox.nn.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of the sessions' one-thread-at-a-time check (issue 15), paired in one run:
 * {@code enterExit} is {@link SessionOwner#enter()} + {@code exit} alone; {@code sessionForward}
 * runs a one-layer network (ReLU on 64 floats) through {@link Network.Session#forward}, which checks;
 * {@code layerForward} runs the same layer directly, which does not. The difference of the last two
 * bounds what the check adds to a call; a real model call (Tiny Face Detector, milliseconds) makes
 * two such checks.
 *
 * <p>2026-12-02, 2 cores at load average 18–20 (other sessions building), {@code -f 1 -wi 3 -i 5..8
 * -w 1 -r 1}: {@code enterExit} 22.3 ± 6.8 and 13.6 ± 6.1 ns; {@code sessionForward} 464 ± 275 and
 * 417 ± 211 ns vs {@code layerForward} 671 ± 965 and 400 ± 82 ns — the check is below the noise of
 * a 64-float forward and about 10^-6 of a 10–20 ms face-detector call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SessionOwnerBenchmark {
  SessionOwner owner;
  ActivationLayer layer;
  Network.Session session;
  ComputeContext ctx;
  Tensor x;
  Tensor y;

  @Setup(Level.Trial)
  public void setUp() {
    owner = new SessionOwner("bench session");
    layer = new ActivationLayer(Activation.RELU);
    session = Network.chain(layer).newSession(1);
    ctx = new ComputeContext(1);
    x = Tensor.zeros(1, 4, 4, 4);
    for (int i = 0; i < x.size(); i++) {
      x.data()[i] = i - 32;
    }
    y = Tensor.zeros(1, 4, 4, 4);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    session.close();
    ctx.close();
  }

  @Benchmark
  public boolean enterExit() {
    boolean entered = owner.enter();
    owner.exit(entered);
    return entered;
  }

  @Benchmark
  public Tensor sessionForward() {
    return session.forward(x);
  }

  @Benchmark
  public Tensor layerForward() {
    layer.forward(x, y, ctx);
    return y;
  }
}
