/* The formula weights shared by darknet_detect.c and darknet_search.c (DarknetWeights.formula in gridbox
 * computes the same floats): float k of the weights stream comes from a 32-bit hash of k; see
 * darknet_detect.c's header for the kinds. Written for the gridbox parity fixtures. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include "darknet.h"

static double SHIFT = 0, HEAD = 1; /* layers without batch norm (the heads): bias shift, weight gain */

static float formula(uint32_t k, int kind, double gain, int fan_in, int bn) {
  uint32_t h = k * 2654435761u + 0x9E3779B9u;
  h ^= h >> 16; h *= 0x85EBCA6Bu; h ^= h >> 13; h *= 0xC2B2AE35u; h ^= h >> 16;
  float u = (float) (h >> 8) * (1.0f / 16777216.0f);  /* [0, 1), exact */
  float v = 2 * u - 1;                                 /* [-1, 1), exact */
  switch (kind) {
    case 0: return bn ? v * 0.1f : v * 0.1f + (float) SHIFT; /* biases */
    case 1: return 0.5f + u;                           /* batch-norm scales */
    case 2: return v * 0.1f;                           /* rolling mean */
    case 3: return 0.5f + u;                           /* rolling variance */
    default: return v * (float) sqrt(3.0 * (bn ? gain : HEAD) / fan_in); /* weights: uniform, variance gain/fan_in */
  }
}

static uint32_t K = 0;
static void run(FILE *f, int kind, long n, double gain, int fan_in, int bn) {
  for (long i = 0; i < n; i++) {
    float x = formula(K++, kind, gain, fan_in, bn);
    fwrite(&x, sizeof(float), 1, f);
  }
}

static void write_weights(network *net, const char *path, double gain) {
  FILE *f = fopen(path, "wb");
  K = 0; /* float k of every file is formula(k): a second call must start again at 0 */
  int header[3] = {0, 2, 0};
  size_t seen = 0;
  fwrite(header, sizeof(int), 3, f);
  fwrite(&seen, sizeof(size_t), 1, f);
  for (int i = 0; i < net->n; i++) {
    layer l = net->layers[i];
    int B = l.batch_normalize;
    if (l.type == CONVOLUTIONAL) {
      run(f, 0, l.n, gain, 0, B);
      if (l.batch_normalize) { run(f, 1, l.n, gain, 0, B); run(f, 2, l.n, gain, 0, B); run(f, 3, l.n, gain, 0, B); }
      run(f, 4, (long) l.c / l.groups * l.n * l.size * l.size, gain, l.c / l.groups * l.size * l.size, B);
    } else if (l.type == CONNECTED) {
      run(f, 0, l.outputs, gain, 0, B);
      run(f, 4, (long) l.outputs * l.inputs, gain, l.inputs, B);
      if (l.batch_normalize) {
        run(f, 1, l.outputs, gain, 0, B); run(f, 2, l.outputs, gain, 0, B); run(f, 3, l.outputs, gain, 0, B);
      }
    } else if (l.type == LOCAL) {
      run(f, 0, l.outputs, gain, 0, B);
      run(f, 4, (long) l.size * l.size * l.c * l.n * l.out_w * l.out_h, gain, l.size * l.size * l.c, B);
    }
  }
  fclose(f);
}

