/* Picks formula-weight parameters for a parity fixture: for one GAIN it counts the detections that
 * darknet_detect.c would list for every (HEAD, SHIFT) pair of a grid, on each IMAGE.
 *   darknet_search CFG letterbox|stretch THRESH NMS GAIN "HEADS" "SHIFTS" IMAGE...
 * HEADS and SHIFTS are space-separated lists. When the only layers without batch norm are the ones
 * feeding a head (YOLOv2, YOLOv3), the network runs once per image and each pair is applied after the
 * fact: a head input's weights scale by sqrt(HEAD) and its biases move by SHIFT, so its output is
 * sqrt(HEAD)·(out − bias) + bias + SHIFT, and only the head layers run again. Otherwise (YOLOv1's
 * [local] layer) every pair runs the whole network. Output, one line per pair:
 *   HEAD SHIFT then per image: COUNT MEDIAN_W MEDIAN_H (listed detections, their median box size in px)
 * Only a search aid: the fixtures themselves come from darknet_detect.c with the chosen values.
 * Built and run by search_params.sh. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "darknet.h"
#include "darknet_formula.h"

static int cmp(const void *a, const void *b) {
  float x = *(const float *) a, y = *(const float *) b;
  return x < y ? -1 : x > y;
}

static int parse_list(const char *s, double *out, int max) {
  int n = 0;
  char *copy = strdup(s), *tok = strtok(copy, " ,");
  while (tok && n < max) { out[n++] = atof(tok); tok = strtok(NULL, " ,"); }
  free(copy);
  return n;
}

/* listed detections (class probability above thresh after NMS) and their median width/height in px */
static void count(network *net, image im, int letterbox, float thresh, float nms, int classes, int *n_out,
    float *mw, float *mh) {
  int nboxes = 0;
  detection *dets = letterbox ? get_network_boxes(net, im.w, im.h, thresh, .5, 0, 1, &nboxes)
                              : get_network_boxes(net, 1, 1, thresh, 0, 0, 0, &nboxes);
  if (nms) do_nms_sort(dets, nboxes, classes, nms);
  float *ws = malloc(sizeof(float) * (nboxes * classes + 1)), *hs = malloc(sizeof(float) * (nboxes * classes + 1));
  int n = 0;
  for (int i = 0; i < nboxes; i++)
    for (int j = 0; j < classes; j++)
      if (dets[i].prob[j] > thresh) { ws[n] = dets[i].bbox.w * im.w; hs[n] = dets[i].bbox.h * im.h; n++; }
  qsort(ws, n, sizeof(float), cmp);
  qsort(hs, n, sizeof(float), cmp);
  *n_out = n;
  *mw = n ? ws[n / 2] : 0;
  *mh = n ? hs[n / 2] : 0;
  free(ws); free(hs);
  free_detections(dets, nboxes);
}

static int is_head(layer l) { return l.type == YOLO || l.type == REGION || l.type == DETECTION; }

int main(int argc, char **argv) {
  if (argc < 9) {
    fprintf(stderr, "usage: %s CFG letterbox|stretch THRESH NMS GAIN \"HEADS\" \"SHIFTS\" IMAGE...\n", argv[0]);
    return 2;
  }
  int letterbox = argv[2][0] == 'l';
  float thresh = atof(argv[3]), nms = atof(argv[4]);
  double gain = atof(argv[5]), heads[64], shifts[64];
  int nh = parse_list(argv[6], heads, 64), ns = parse_list(argv[7], shifts, 64), ni = argc - 8;
  network *net = parse_network_cfg(argv[1]);
  set_batch_network(net, 1);
  int posthoc = 1, classes = 0;
  for (int i = 0; i < net->n; i++) {
    layer l = net->layers[i];
    int weighted = l.type == CONVOLUTIONAL || l.type == CONNECTED || l.type == LOCAL;
    int feeds_head = i + 1 < net->n && is_head(net->layers[i + 1]);
    if (weighted && !l.batch_normalize && (!feeds_head || l.activation != LINEAR || l.type == LOCAL)) posthoc = 0;
    if (is_head(l)) classes = l.classes;
  }
  char weights[64];
  snprintf(weights, sizeof weights, "/tmp/darknet_search.%d.weights", (int) getpid());
  int *counts = calloc((size_t) nh * ns * ni, sizeof(int));
  float *mws = calloc((size_t) nh * ns * ni, sizeof(float)), *mhs = calloc((size_t) nh * ns * ni, sizeof(float));
  float **saved = calloc(net->n, sizeof(float *));
  if (posthoc) { /* one set of weights: HEAD 1, SHIFT 0 */
    write_weights(net, weights, gain);
    load_weights(net, weights);
    remove(weights);
  }
  for (int m = 0; m < ni; m++) {
    image im = load_image_color(argv[8 + m], 0, 0);
    image sized = letterbox ? letterbox_image(im, net->w, net->h) : resize_image(im, net->w, net->h);
    if (posthoc) {
      network_predict(net, sized.data);
      for (int i = 1; i < net->n; i++) {
        if (!is_head(net->layers[i])) continue;
        layer p = net->layers[i - 1];
        saved[i] = realloc(saved[i], sizeof(float) * p.outputs);
        memcpy(saved[i], p.output, sizeof(float) * p.outputs);
      }
    }
    for (int a = 0; a < nh; a++) {
      for (int b = 0; b < ns; b++) {
        int slot = (a * ns + b) * ni + m;
        if (posthoc) {
          for (int i = 1; i < net->n; i++) {
            if (!is_head(net->layers[i])) continue;
            layer p = net->layers[i - 1];
            int per = p.type == CONVOLUTIONAL ? p.out_w * p.out_h : 1;
            for (int j = 0; j < p.outputs; j++) {
              float bias = p.biases[j / per];
              p.output[j] = (float) (sqrt(heads[a]) * (saved[i][j] - bias) + bias + shifts[b]);
            }
            network copy = *net;
            copy.input = p.output;
            net->layers[i].forward(net->layers[i], copy);
          }
        } else {
          HEAD = heads[a];
          SHIFT = shifts[b];
          write_weights(net, weights, gain);
          load_weights(net, weights);
          remove(weights);
          network_predict(net, sized.data);
        }
        count(net, im, letterbox, thresh, nms, classes, &counts[slot], &mws[slot], &mhs[slot]);
      }
    }
    free_image(sized);
    free_image(im);
  }
  for (int a = 0; a < nh; a++)
    for (int b = 0; b < ns; b++) {
      printf("%g %g", heads[a], shifts[b]);
      for (int m = 0; m < ni; m++) {
        int slot = (a * ns + b) * ni + m;
        printf("  %d %.1f %.1f", counts[slot], mws[slot], mhs[slot]);
      }
      printf("\n");
    }
  return 0;
}
