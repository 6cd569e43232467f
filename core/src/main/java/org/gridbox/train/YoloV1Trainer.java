package org.gridbox.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gridbox.Check;
import org.gridbox.decode.YoloV1Grid;
import org.gridbox.io.ModelFormatException;
import org.gridbox.loss.L2Penalty;
import org.gridbox.loss.YoloV1Loss;
import org.gridbox.models.ShapesDetector;
import org.gridbox.nn.Layer;
import org.gridbox.nn.Network;
import org.gridbox.nn.Tensor;
import org.gridbox.nn.darknet.DarknetCfg;
import org.gridbox.nn.darknet.DarknetModel;
import org.gridbox.nn.darknet.DarknetWeights;
import org.gridbox.nn.optim.Optimizer;

/**
 * Trains a YOLOv1-style Darknet cfg (convolutions, max-pools, a convolutional head and a
 * {@code [detection]} section, as {@link ShapesDetector} reads it) with {@link YoloV1Loss}, an L2
 * weight penalty ({@link L2Penalty}), Adam or SGD and a {@link LearningRateSchedule}.
 *
 * <p>One step, for a batch of N images: the batch is split into {@code threads} contiguous parts;
 * each worker augments its images, runs forward on its part as one NCHW tensor, computes the loss of
 * each image on the transposed head output, writes {@code ∂loss/∂output / N} (the mean over images)
 * into its session, and runs backward. The parameter gradients of the workers are added in worker
 * order (so the result depends on the seed and the thread count only), the penalty's gradient
 * {@code λ·w} is added for weights (not biases), and the optimiser updates the live parameters.
 *
 * <p>Batch normalisation is not supported in training: the engine's {@code BatchNorm2d} has no
 * batch-statistics mode, so the cfg must not use {@code batch_normalize=1}.
 *
 * <p>Not thread-safe; {@link #close()} stops the worker threads.
 */
public final class YoloV1Trainer implements AutoCloseable {
  private final DarknetCfg cfg;
  private final DarknetModel model;
  private final ShapesDetector detector;
  private final TrainingOptions options;
  private final YoloV1Grid grid;
  private final YoloV1Loss loss;
  private final L2Penalty penalty;
  private final Optimizer optimizer;
  private final List<Layer> layers = new ArrayList<>(); // layer of each parameter array
  private final List<Integer> nodeOfParam = new ArrayList<>();
  private final List<Integer> indexInNode = new ArrayList<>();
  private final List<float[]> params = new ArrayList<>();
  private final List<float[]> grads = new ArrayList<>();
  private final boolean[] decayed;
  private final Network.Session[] sessions;
  private final ExecutorService pool;
  private final int inputW;
  private final int inputH;
  private final int headNode;
  private int epochsDone;
  private long imagesSeen;

  /**
   * A trainer starting from the given weights (e.g. {@link DarknetWeights#random}).
   *
   * @param cfg the model cfg (see the class javadoc)
   * @param weights initial weights for the cfg
   * @param names class names, as many as the cfg's classes
   * @param options the run's settings
   * @throws ModelFormatException if the cfg uses batch normalisation or has no suitable head
   */
  public YoloV1Trainer(DarknetCfg cfg, DarknetWeights weights, List<String> names, TrainingOptions options) {
    Check.notNull(cfg, "cfg");
    Check.notNull(weights, "weights");
    Check.notNull(names, "names");
    Check.notNull(options, "options");
    for (DarknetCfg.Section s : cfg.layers()) {
      if (!"0".equals(s.get("batch_normalize", "0").strip())) {
        throw new ModelFormatException("cfg line " + s.line() + ": batch_normalize=1 cannot be trained: the"
            + " engine's batch norm has inference statistics only; remove it (biases are trained instead)");
      }
    }
    this.cfg = cfg;
    this.model = DarknetModel.of(cfg, weights, "weights");
    this.detector = ShapesDetector.of(model, names, ShapesDetector.evaluationOptions());
    this.options = options;
    this.grid = detector.grid();
    this.loss = new YoloV1Loss(grid, options.lambdaCoord(), options.lambdaNoObject());
    this.penalty = new L2Penalty(options.weightDecay());
    this.optimizer = options.optimizer().create(options.momentum());
    List<Network.Node> nodes = model.network().nodes();
    List<Boolean> decay = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Layer l = nodes.get(i).layer();
      if (l == null) {
        continue;
      }
      List<float[]> p = l.parameters();
      for (int j = 0; j < p.size(); j++) {
        layers.add(l);
        nodeOfParam.add(i);
        indexInNode.add(j);
        params.add(p.get(j));
        grads.add(new float[p.get(j).length]);
        decay.add(j == 0); // conv/connected: [weights, bias]
      }
    }
    decayed = new boolean[decay.size()];
    for (int i = 0; i < decayed.length; i++) {
      decayed[i] = decay.get(i);
    }
    int[] in = model.inputShape();
    inputH = in[2];
    inputW = in[3];
    headNode = nodes.size() - 1;
    sessions = new Network.Session[options.threads()];
    for (int t = 0; t < sessions.length; t++) {
      sessions[t] = model.network().newSession(1);
    }
    pool = options.threads() > 1 ? Executors.newFixedThreadPool(options.threads(), r -> {
      Thread th = new Thread(r, "gridbox-train");
      th.setDaemon(true);
      return th;
    }) : null;
    imagesSeen = weights.seen();
  }

  /**
   * Resumes from a checkpoint written by {@link #saveCheckpoint}: the weights file and its
   * {@code .state} file beside it (epochs done, images seen, optimiser state).
   *
   * @param cfg the cfg the checkpoint was trained with
   * @param weightsFile the {@code .weights} checkpoint
   * @param names class names
   * @param options the run's settings (same optimiser as before)
   * @return a trainer that continues with epoch {@link #epochsDone()}
   * @throws IOException if a file cannot be read
   * @throws ModelFormatException if the state file is malformed or does not fit the cfg
   */
  public static YoloV1Trainer resume(DarknetCfg cfg, Path weightsFile, List<String> names, TrainingOptions options)
      throws IOException {
    YoloV1Trainer t = new YoloV1Trainer(cfg, DarknetWeights.read(weightsFile), names, options);
    Path statePath = statePath(weightsFile);
    TrainingState state = TrainingState.read(statePath);
    if (state.optimizer() != options.optimizer()) {
      throw new ModelFormatException(statePath + ": saved with optimiser " + state.optimizer()
          + ", resuming with " + options.optimizer());
    }
    t.epochsDone = state.epochsDone();
    t.imagesSeen = state.imagesSeen();
    try {
      t.optimizer.restore(t.params, state.optimizerState());
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(statePath + ": " + e.getMessage());
    }
    return t;
  }

  /**
   * {@return the {@code .state} file beside a checkpoint: {@code name.weights} → {@code name.state}}
   *
   * @param weightsFile the checkpoint weights file
   */
  public static Path statePath(Path weightsFile) {
    return TrainingState.pathFor(weightsFile);
  }

  /** {@return epochs finished so far (counting those before a resume)} */
  public int epochsDone() {
    return epochsDone;
  }

  /** {@return images trained on so far (Darknet's {@code seen})} */
  public long imagesSeen() {
    return imagesSeen;
  }

  /**
   * {@return the detector over the live, training network (for validation between epochs)}
   */
  public ShapesDetector detector() {
    return detector;
  }

  /** {@return the cfg} */
  public DarknetCfg cfg() {
    return cfg;
  }

  /**
   * {@return steps per epoch for a training set of {@code n} images: {@code ⌈n / batch⌉}}
   *
   * @param n training images
   */
  public int stepsPerEpoch(int n) {
    return (n + options.batchSize() - 1) / options.batchSize();
  }

  /**
   * The schedule of this run over a training set of {@code n} images.
   *
   * @param n training images
   * @return warm-up then cosine decay over {@code epochs · ⌈n / batch⌉} steps
   */
  public LearningRateSchedule schedule(int n) {
    int total = options.epochs() * stepsPerEpoch(n);
    return new LearningRateSchedule(options.learningRate(), Math.min(options.warmupSteps(), total), total,
        options.finalLearningRateFraction());
  }

  /** Receives the loss after each step of an epoch. */
  @FunctionalInterface
  public interface StepListener {
    /**
     * @param step 1-based step within the epoch
     * @param steps steps in the epoch
     * @param meanSoFar mean loss per image over the epoch so far
     */
    void afterStep(int step, int steps, LossParts meanSoFar);
  }

  /**
   * Trains one epoch (number {@link #epochsDone()}): shuffles with a {@link Random} of the seed and
   * the epoch, augments each image with a {@link Random} of the seed, the epoch and its position,
   * and takes {@code ⌈n / batch⌉} steps.
   *
   * @param data training images of the cfg's input size with their boxes
   * @param listener called after every step (may be null)
   * @return the mean losses per image over the epoch
   * @throws IllegalArgumentException if an image is not of the input size or a class id is out of range
   */
  public LossParts trainEpoch(List<TrainingSample> data, StepListener listener) {
    Check.argument(!(data == null || data.isEmpty()), "the training set is empty, got %s", data);
    for (int i = 0; i < data.size(); i++) {
      TrainingSample s = data.get(i);
      if (s.image().width() != inputW || s.image().height() != inputH) {
        throw Check.failure("training image %s is %sx%s, the network input is %sx%s", i,
            s.image().width(), s.image().height(), inputW, inputH);
      }
      for (int c : s.classIds()) {
        if (c >= grid.numClasses()) {
          throw Check.failure("training image %s has class %s, the cfg has %s classes", i, c,
              grid.numClasses());
        }
      }
    }
    int epoch = epochsDone;
    Integer[] order = new Integer[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Collections.shuffle(Arrays.asList(order), new Random(mix(options.seed(), epoch, -1)));
    LearningRateSchedule schedule = schedule(data.size());
    int steps = stepsPerEpoch(data.size());
    double[] sum = new double[5];
    long images = 0;
    double pen = 0;
    for (int step = 0; step < steps; step++) {
      int lo = step * options.batchSize();
      int hi = Math.min(data.size(), lo + options.batchSize());
      List<TrainingSample> batch = new ArrayList<>(hi - lo);
      long[] seeds = new long[hi - lo];
      for (int i = lo; i < hi; i++) {
        batch.add(data.get(order[i]));
        seeds[i - lo] = mix(options.seed(), epoch, i);
      }
      long globalStep = (long) epoch * steps + step;
      double[] parts = step(batch, seeds, (float) schedule.at(globalStep));
      for (int k = 0; k < 5; k++) {
        sum[k] += parts[k];
      }
      pen = parts[5];
      images += batch.size();
      if (listener != null) {
        listener.afterStep(step + 1, steps, new LossParts(sum[0] / images, sum[1] / images, sum[2] / images,
            sum[3] / images, sum[4] / images, pen, images));
      }
    }
    epochsDone++;
    return new LossParts(sum[0] / images, sum[1] / images, sum[2] / images, sum[3] / images, sum[4] / images, pen,
        images);
  }

  /**
   * One optimiser step on a batch (augmented first, each image with {@code new Random(seeds[i])}).
   *
   * @return summed (not mean) loss parts over the batch {@code [total, coord, obj, noobj, cls]} and
   *     the weight penalty before the step at index 5
   */
  double[] step(List<TrainingSample> batch, long[] seeds, float learningRate) {
    int n = batch.size();
    int t = Math.min(sessions.length, n);
    double[][] partial = new double[t][];
    if (t == 1) {
      partial[0] = work(0, batch, seeds, 0, n, n);
    } else {
      List<Future<double[]>> futures = new ArrayList<>();
      for (int w = 0; w < t; w++) {
        int lo = (int) ((long) n * w / t), hi = (int) ((long) n * (w + 1) / t);
        final int worker = w;
        futures.add(pool.submit(() -> work(worker, batch, seeds, lo, hi, n)));
      }
      try {
        for (int w = 0; w < t; w++) {
          partial[w] = futures.get(w).get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("training interrupted", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(c);
      }
    }
    double[] out = new double[6];
    for (double[] p : partial) {
      for (int k = 0; k < 5; k++) {
        out[k] += p[k];
      }
    }
    // sum the workers' gradients in worker order, then add the penalty's gradient
    for (int p = 0; p < params.size(); p++) {
      float[] g = grads.get(p);
      System.arraycopy(sessions[0].parameterGradients(nodeOfParam.get(p)).get(indexInNode.get(p)), 0, g, 0, g.length);
      for (int w = 1; w < t; w++) {
        float[] gw = sessions[w].parameterGradients(nodeOfParam.get(p)).get(indexInNode.get(p));
        for (int j = 0; j < g.length; j++) {
          g[j] += gw[j];
        }
      }
      if (decayed[p]) {
        out[5] += penalty.accumulate(params.get(p), g);
      }
    }
    optimizer.step(params, grads, learningRate);
    Layer last = null;
    for (Layer l : layers) {
      if (l != last) {
        l.parametersChanged();
        last = l;
      }
    }
    imagesSeen += n;
    return out;
  }

  /** Worker {@code w}: forward, loss and backward of images {@code lo..hi−1}; returns summed loss parts. */
  private double[] work(int w, List<TrainingSample> batch, long[] seeds, int lo, int hi, int batchSize) {
    int k = hi - lo;
    int per = 5 * grid.boxesPerCell() + grid.numClasses();
    int side = grid.side();
    float[] input = new float[k * 3 * inputH * inputW];
    List<TrainingSample> samples = new ArrayList<>(k);
    for (int i = lo; i < hi; i++) {
      TrainingSample s = options.augmentation().apply(batch.get(i), new Random(seeds[i]));
      samples.add(s);
      ShapesDetector.toInput(s.image(), i - lo, input);
    }
    Network.Session session = sessions[w];
    Tensor out = session.forward(Tensor.wrap(input, k, 3, inputH, inputW));
    session.zeroGradients();
    float[] dOut = session.outputGradient(headNode).data();
    float[] interleaved = new float[grid.length()];
    float[] grad = new float[grid.length()];
    double[] sum = new double[5];
    float inv = 1f / batchSize;
    for (int i = 0; i < k; i++) {
      ShapesDetector.toCellInterleaved(out.data(), i, per, side, interleaved);
      TrainingSample s = samples.get(i);
      float[] b = s.boxes();
      for (int j = 0; j < b.length; j += 2) {
        b[j] /= inputW;
        b[j + 1] /= inputH;
      }
      YoloV1Loss.Result r = loss.forward(interleaved, b, s.classIds(), grad);
      sum[0] += r.total();
      sum[1] += r.coordinates();
      sum[2] += r.objectConfidence();
      sum[3] += r.noObjectConfidence();
      sum[4] += r.classes();
      for (int j = 0; j < grad.length; j++) {
        grad[j] *= inv;
      }
      ShapesDetector.fromCellInterleaved(grad, i, per, side, dOut);
    }
    session.backward();
    return sum;
  }

  /**
   * The current parameters as a Darknet weights file (header 0.2.0, {@code seen} = images seen).
   *
   * @return a new weights record
   */
  public DarknetWeights weights() {
    DarknetModel.Layout layout = DarknetModel.layout(cfg, "cfg");
    float[] v = new float[layout.totalFloats()];
    List<Network.Node> nodes = model.network().nodes();
    for (DarknetModel.Block b : layout.blocks()) {
      List<float[]> p = nodes.get(b.layer()).layer().parameters();
      float[] src = switch (b.kind()) {
        case WEIGHTS -> p.get(0);
        case BIASES -> p.get(1);
        default -> throw new IllegalStateException("unexpected block " + b.kind());
      };
      System.arraycopy(src, 0, v, b.offset(), b.length());
    }
    return new DarknetWeights(0, 2, 0, imagesSeen, v);
  }

  /**
   * Writes the weights to {@code weightsFile} and the training state (epochs done, images seen,
   * optimiser state) to {@link #statePath}; each file is written to a temporary name and renamed.
   *
   * @param weightsFile where to write the weights (the state goes beside it)
   * @throws IOException if a file cannot be written
   */
  public void saveCheckpoint(Path weightsFile) throws IOException {
    weights().write(weightsFile);
    new TrainingState(options.optimizer(), epochsDone, imagesSeen, optimizer.state(params))
        .write(statePath(weightsFile));
  }

  private static long mix(long seed, int epoch, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public void close() {
    for (Network.Session s : sessions) {
      s.close();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
