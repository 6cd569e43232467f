package org.gridbox.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts detections into the ground truth's id space before evaluation, and says what it did.
 *
 * <p>A plain COCO results array is used as it is (its ids must already be the ground truth's). A
 * detections object that declares its images and categories (gridbox's
 * {@link DetectionsJsonWriter} file) is matched to the ground truth:
 * <ul>
 *   <li>images by {@code file_name} (exact, else by the name without folders); detections on images
 *       that have no ground-truth image of that name are dropped and counted in a warning;
 *   <li>categories by name (case-insensitive), so a model whose class 0 ("face", id 1) is category
 *       3 in the ground truth is scored correctly; a declared category whose name the ground truth
 *       does not have keeps no detections (warning). Ground-truth categories no detection category
 *       maps to are listed too (they will score 0 AP).
 * </ul>
 *
 * @param results the detections, with ground-truth image and category ids
 * @param warnings one sentence per mapping or loss, empty when the files agreed exactly
 */
public record ResultsAlignment(CocoResults results, List<String> warnings) {

  /**
   * {@return aligns {@code results} to {@code gt}; see the class comment for the rules}
   *
   * @param gt the ground truth
   * @param results the results to align
   */
  public static ResultsAlignment align(CocoGroundTruth gt, CocoResults results) {
    if (!results.hasImages() && results.categories().isEmpty()) {
      return new ResultsAlignment(results, List.of());
    }
    List<String> warnings = new ArrayList<>();
    // images: result image id -> ground-truth image id
    Map<Integer, Integer> imageMap = new HashMap<>();
    if (results.hasImages()) {
      Map<String, Integer> byName = new HashMap<>();
      Map<String, Integer> byBase = new HashMap<>();
      for (ImageInfo im : gt.images()) {
        byName.putIfAbsent(im.fileName(), im.id());
        byBase.putIfAbsent(baseName(im.fileName()), im.id());
      }
      List<String> unmatched = new ArrayList<>();
      for (ImageInfo im : results.images()) {
        Integer id = byName.get(im.fileName());
        if (id == null) {
          id = byBase.get(baseName(im.fileName()));
        }
        if (id == null) {
          unmatched.add(im.fileName());
        } else {
          imageMap.put(im.id(), id);
        }
      }
      if (!unmatched.isEmpty()) {
        warnings.add(unmatched.size() + " image(s) of the detections have no ground-truth image of"
            + " that file name, their detections are not evaluated: " + sample(unmatched));
      }
    }
    // categories: result category id -> ground-truth category id
    Map<Integer, Integer> catMap = new HashMap<>();
    if (!results.categories().isEmpty()) {
      Map<String, Integer> gtByName = new HashMap<>();
      Map<Integer, String> gtNames = new HashMap<>();
      for (Category c : gt.categories()) {
        gtByName.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c.id());
        gtNames.put(c.id(), c.name());
      }
      Map<String, String> remapped = new LinkedHashMap<>();
      List<String> missing = new ArrayList<>();
      java.util.Set<Integer> covered = new java.util.HashSet<>();
      for (Category c : results.categories()) {
        Integer id = gtByName.get(c.name().toLowerCase(Locale.ROOT));
        if (id == null) {
          missing.add("'" + c.name() + "' (id " + c.id() + ")");
          continue;
        }
        catMap.put(c.id(), id);
        covered.add(id);
        if (id != c.id()) {
          remapped.put("'" + c.name() + "' " + c.id(), String.valueOf(id));
        }
      }
      if (!remapped.isEmpty()) {
        warnings.add("categories mapped by name (detections id -> ground-truth id): " + remapped);
      }
      if (!missing.isEmpty()) {
        warnings.add(missing.size() + " detection categories are not in the ground truth, their"
            + " detections are not evaluated: " + sample(missing));
      }
      List<String> uncovered = new ArrayList<>();
      for (Category c : gt.categories()) {
        if (!covered.contains(c.id())) {
          uncovered.add("'" + c.name() + "' (id " + c.id() + ")");
        }
      }
      if (!uncovered.isEmpty()) {
        warnings.add(uncovered.size() + " ground-truth categories have no detection category of"
            + " that name (AP 0 where they have boxes): " + sample(uncovered));
      }
    }
    int n = results.size();
    int[] ii = new int[n];
    int[] cc = new int[n];
    double[] bb = new double[4 * n];
    double[] ss = new double[n];
    int m = 0;
    int dropped = 0;
    for (int j = 0; j < n; j++) {
      int img = results.imageIds()[j];
      int cat = results.categoryIds()[j];
      if (results.hasImages()) {
        Integer g = imageMap.get(img);
        if (g == null) {
          dropped++;
          continue;
        }
        img = g;
      }
      if (!results.categories().isEmpty()) {
        Integer g = catMap.get(cat);
        if (g == null) {
          dropped++;
          continue;
        }
        cat = g;
      }
      ii[m] = img;
      cc[m] = cat;
      System.arraycopy(results.bboxes(), 4 * j, bb, 4 * m, 4);
      ss[m] = results.scores()[j];
      m++;
    }
    if (dropped > 0) {
      warnings.add(dropped + " of " + n + " detections could not be matched to the ground truth"
          + " and were not evaluated");
    }
    CocoResults aligned = new CocoResults(List.of(), List.of(), java.util.Arrays.copyOf(ii, m),
        java.util.Arrays.copyOf(cc, m), java.util.Arrays.copyOf(bb, 4 * m),
        java.util.Arrays.copyOf(ss, m));
    return new ResultsAlignment(aligned, List.copyOf(warnings));
  }

  private static String baseName(String path) {
    int s = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(s + 1);
  }

  private static String sample(List<String> items) {
    int show = Math.min(items.size(), 8);
    String s = String.join(", ", items.subList(0, show));
    return items.size() > show ? s + ", ..." : s;
  }
}
