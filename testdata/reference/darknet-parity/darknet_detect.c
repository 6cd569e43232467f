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
#include "darknet_formula.h"

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
