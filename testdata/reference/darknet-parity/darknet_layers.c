/* Prints Darknet's own view of every layer of a cfg, one line per layer:
 *   index type in_w in_h in_c out_w out_h out_c flops floats outputs
 * flops = 2*n*size*size*c/groups*out_h*out_w for [convolutional] (the BFLOPs Darknet prints, times 1e9,
 * computed here in double from Darknet's parsed layer struct), 0 otherwise; floats = how many float32
 * values load_weights reads for the layer (Darknet 2018 parser.c, load_weights_upto).
 * Build and run: make_layer_tables.sh beside this file. Written for the gridbox parity fixtures. */
#include <stdio.h>
#include "darknet.h"

static const char *NAMES[] = {"convolutional", "deconvolutional", "connected", "maxpool", "softmax", "detection",
    "dropout", "crop", "route", "cost", "normalization", "avgpool", "local", "shortcut", "active", "rnn", "gru",
    "lstm", "crnn", "batchnorm", "network", "xnor", "region", "yolo", "iseg", "reorg", "upsample", "logxent",
    "l2norm", "blank"};

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: %s CFG\n", argv[0]); return 2; }
  network *net = parse_network_cfg(argv[1]);
  printf("net %d %d %d\n", net->w, net->h, net->c);
  for (int i = 0; i < net->n; i++) {
    layer l = net->layers[i];
    double flops = 0;
    long floats = 0;
    if (l.type == CONVOLUTIONAL) {
      flops = 2.0 * l.n * l.size * l.size * l.c / l.groups * l.out_h * l.out_w;
      floats = (long) l.n + l.nweights + (l.batch_normalize ? 3L * l.n : 0);
    } else if (l.type == CONNECTED) {
      floats = (long) l.outputs + (long) l.inputs * l.outputs + (l.batch_normalize ? 3L * l.outputs : 0);
    } else if (l.type == LOCAL) {
      floats = (long) l.outputs + (long) l.size * l.size * l.c * l.n * l.out_w * l.out_h;
    }
    printf("%d %s %d %d %d %d %d %d %.1f %ld %d\n", i, NAMES[l.type], l.w, l.h, l.c, l.out_w, l.out_h, l.out_c,
        flops, floats, l.outputs);
  }
  return 0;
}
