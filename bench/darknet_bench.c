/* Darknet's side of bench/darknet-speed.sh: builds a network from CFG with the formula weights of
 * testdata/reference/darknet-parity/darknet_formula.h (gridbox's DarknetWeights.formula), fills the
 * input with x[i] = (hash(i) >> 8) / 2^24 (the same floats DarknetSpeed computes), then serves
 * forwards on request so that a peer process can alternate with it in one run:
 *   stdin  "f" -> one network_predict, stdout "cpu_ms wall_ms sum" (this thread's CPU time; sum of
 *                the raw values every head reads, the layer before it)
 *   stdin  "q" -> exit
 * It prints "ready W H" once the network is built. libdarknet from Debian is single-threaded (no
 * OpenMP, no BLAS): one thread. Usage: darknet_bench CFG GAIN HEAD SHIFT */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "darknet.h"
#include "darknet_formula.h"

static double ms(clockid_t id) {
  struct timespec t;
  clock_gettime(id, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc < 5) { fprintf(stderr, "usage: %s CFG GAIN HEAD SHIFT\n", argv[0]); return 2; }
  double gain = atof(argv[2]);
  HEAD = atof(argv[3]);
  SHIFT = atof(argv[4]);
  network *net = parse_network_cfg(argv[1]);
  char weights[64];
  snprintf(weights, sizeof weights, "/tmp/darknet_bench.%d.weights", (int) getpid());
  write_weights(net, weights, gain);
  load_weights(net, weights);
  remove(weights);
  set_batch_network(net, 1);
  long n = (long) net->w * net->h * net->c;
  float *x = malloc(sizeof(float) * n);
  for (long i = 0; i < n; i++) {
    uint32_t h = (uint32_t) i * 2654435761u + 0x9E3779B9u;
    h ^= h >> 16; h *= 0x85EBCA6Bu; h ^= h >> 13; h *= 0xC2B2AE35u; h ^= h >> 16;
    x[i] = (float) (h >> 8) * (1.0f / 16777216.0f);
  }
  printf("ready %d %d\n", net->w, net->h);
  fflush(stdout);
  char line[16];
  while (fgets(line, sizeof line, stdin) && line[0] == 'f') {
    double c0 = ms(CLOCK_THREAD_CPUTIME_ID), w0 = ms(CLOCK_MONOTONIC);
    network_predict(net, x);
    double c1 = ms(CLOCK_THREAD_CPUTIME_ID), w1 = ms(CLOCK_MONOTONIC);
    double sum = 0;
    for (int i = 0; i < net->n; i++) {
      layer l = net->layers[i];
      if (l.type == YOLO || l.type == REGION || l.type == DETECTION) /* the raw values the head reads */
        for (int j = 0; j < net->layers[i - 1].outputs; j++) sum += net->layers[i - 1].output[j];
    }
    printf("%.3f %.3f %.9g\n", c1 - c0, w1 - w0, sum);
    fflush(stdout);
  }
  return 0;
}
