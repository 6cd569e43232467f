/* Runs Darknet's network on one photo with formula weights (as darknet_detect.c does) and prints, for
 * every layer, a digest of its output floats, so that a test can check gridbox's Darknet arithmetic
 * bit for bit without storing the outputs:
 *   darknet_layer_digest CFG IMAGE letterbox|stretch GAIN HEAD SHIFT
 * Output lines: "layer I TYPE COUNT FNV SUM" — TYPE is Darknet's LAYER_TYPE number, COUNT the output's
 * float count, FNV the 64-bit FNV-1a hash (offset 0xcbf29ce484222325, prime 0x100000001b3) of the
 * floats' IEEE bits as little-endian bytes in Darknet's CHW order, SUM their sum in double (%.17g).
 * Written for the gridbox parity fixtures; built and run by make_layer_digests.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "darknet.h"
#include "darknet_formula.h"

int main(int argc, char **argv) {
  if (argc < 7) { fprintf(stderr, "usage: %s CFG IMAGE letterbox|stretch GAIN HEAD SHIFT\n", argv[0]); return 2; }
  int letterbox = argv[3][0] == 'l';
  double gain = atof(argv[4]);
  HEAD = atof(argv[5]);
  SHIFT = atof(argv[6]);
  network *net = parse_network_cfg(argv[1]);
  char weights[64];
  snprintf(weights, sizeof weights, "/tmp/darknet_digest.%d.weights", (int) getpid());
  write_weights(net, weights, gain);
  load_weights(net, weights);
  remove(weights);
  set_batch_network(net, 1);
  image im = load_image_color(argv[2], 0, 0);
  image sized = letterbox ? letterbox_image(im, net->w, net->h) : resize_image(im, net->w, net->h);
  network_predict(net, sized.data);
  for (int i = 0; i < net->n; i++) {
    layer l = net->layers[i];
    uint64_t h = 0xcbf29ce484222325ull;
    double sum = 0;
    for (int j = 0; j < l.outputs; j++) {
      uint32_t bits;
      memcpy(&bits, &l.output[j], 4);
      for (int b = 0; b < 4; b++) { h ^= (bits >> (8 * b)) & 0xff; h *= 0x100000001b3ull; }
      sum += l.output[j];
    }
    printf("layer %d %d %d %016llx %.17g\n", i, (int) l.type, l.outputs, (unsigned long long) h, sum);
  }
  return 0;
}
