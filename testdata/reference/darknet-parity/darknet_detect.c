/* Runs Darknet's own detection path on one image with formula weights and prints what it sees:
 *   darknet_detect CFG IMAGE MODE THRESH NMS GAIN HEAD SHIFT [PPM_OUT]
 * MODE letterbox = `darknet detector test` (letterbox_image, get_network_boxes(im.w, im.h, relative=1));
 * MODE stretch   = `darknet yolo test` for YOLOv1 (resize_image, get_network_boxes(1, 1)).
 * Both then call do_nms_sort(NMS) and list every class whose probability is above THRESH, as
 * draw_detections does. Weights: a file written here in Darknet's load order (header 0.2.0, seen 0),
 * float k of the stream from the hash formula below (DarknetWeights.formula in gridbox is the
 * same formula), then read back with Darknet's load_weights. PPM_OUT, if given, receives the decoded
 * image (stb via load_image_color, bytes = round(value * 255)) so that tests need no JPEG decoder.
 * Output lines:
 *   image W H / net W H / input SUM PROBE... (letterboxed floats, CHW) / head LAYER TYPE COUNT SUM
 *   det CLASS PROB X Y W H   (Darknet's relative box centre and size, %.9g)
 * Written for the gridbox parity fixtures; built and run by make_detections.sh. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
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

int main(int argc, char **argv) {
  if (argc < 9) { fprintf(stderr, "usage: %s CFG IMAGE letterbox|stretch THRESH NMS GAIN HEAD SHIFT [PPM]\n", argv[0]); return 2; }
  int letterbox = argv[3][0] == 'l';
  float thresh = atof(argv[4]), nms = atof(argv[5]);
  double gain = atof(argv[6]);
  HEAD = atof(argv[7]);
  SHIFT = atof(argv[8]);
  network *net = parse_network_cfg(argv[1]);
  char weights[64];
  snprintf(weights, sizeof weights, "/tmp/darknet_detect.%d.weights", (int) getpid());
  write_weights(net, weights, gain);
  load_weights(net, weights);
  remove(weights);
  set_batch_network(net, 1);
  image im = load_image_color(argv[2], 0, 0);
  if (argc > 9) {
    FILE *p = fopen(argv[9], "wb");
    fprintf(p, "P6\n%d %d\n255\n", im.w, im.h);
    for (int y = 0; y < im.h; y++)
      for (int x = 0; x < im.w; x++)
        for (int c = 0; c < 3; c++) fputc((int) lround(im.data[c * im.w * im.h + y * im.w + x] * 255.0), p);
    fclose(p);
  }
  image sized = letterbox ? letterbox_image(im, net->w, net->h) : resize_image(im, net->w, net->h);
  printf("image %d %d\nnet %d %d\nthresh %.9g\nnms %.9g\ngain %.9g\nhead %.9g\nshift %.9g\n", im.w, im.h, net->w, net->h, thresh, nms, gain, HEAD, SHIFT);
  double sum = 0;
  long n = (long) sized.w * sized.h * sized.c;
  for (long i = 0; i < n; i++) sum += sized.data[i];
  printf("input %.9g", sum);
  for (int i = 0; i < 16; i++) printf(" %.9g", sized.data[(long) i * 7919 % n]);
  printf("\n");
  network_predict(net, sized.data);
  int classes = 0;
  for (int i = 0; i < net->n; i++) {
    layer l = net->layers[i];
    if (l.type == YOLO || l.type == REGION || l.type == DETECTION) {
      double s = 0;
      for (int j = 0; j < l.outputs; j++) s += l.output[j];
      printf("head %d %s %d %.9g\n", i, l.type == YOLO ? "yolo" : l.type == REGION ? "region" : "detection",
          l.outputs, s);
      classes = l.classes;
    }
  }
  int nboxes = 0;
  detection *dets = letterbox ? get_network_boxes(net, im.w, im.h, thresh, .5, 0, 1, &nboxes)
                              : get_network_boxes(net, 1, 1, thresh, 0, 0, 0, &nboxes);
  printf("boxes %d\n", nboxes);
  if (nms) do_nms_sort(dets, nboxes, classes, nms);
  for (int i = 0; i < nboxes; i++)
    for (int j = 0; j < classes; j++)
      if (dets[i].prob[j] > thresh)
        printf("det %d %.9g %.9g %.9g %.9g %.9g\n", j, dets[i].prob[j], dets[i].bbox.x, dets[i].bbox.y,
            dets[i].bbox.w, dets[i].bbox.h);
  free_detections(dets, nboxes);
  return 0;
}
