package org.gridbox.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads COCO JSON with Jackson's streaming parser (no tree in memory): ground-truth instances files
 * and results (a plain results array, or gridbox's detections object written by
 * {@link DetectionsJsonWriter}). Fields gridbox does not use ({@code info}, {@code licenses},
 * {@code segmentation}, ...) are skipped.
 *
 * <p>Errors: a file that is not valid JSON, a missing required field or a value of the wrong type
 * raises {@link DatasetFormatException} naming the file, the line and column, and what was
 * expected. Python's {@code NaN}/{@code Infinity} literals are read so that a NaN score can be
 * reported as such. Rules (checked here, so later stages can trust the data): bbox has 4 finite
 * numbers with {@code w >= 0} and {@code h >= 0}; a result's score is finite.
 */
public final class CocoJson {
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      // FastDoubleParser: correctly rounded like Double.parseDouble, several times faster
      .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .build();

  private CocoJson() {}

  /**
   * Reads a COCO ground-truth (instances) file.
   *
   * <p>Required: {@code images[].id}, {@code annotations[].image_id}, {@code category_id},
   * {@code bbox}; {@code categories[].id}. Defaults: {@code iscrowd} 0, {@code area} = w·h of the
   * bbox when the field is missing (pycocotools would fail), {@code id} = position + 1 when missing,
   * {@code file_name} "" and {@code width}/{@code height} 1 when missing, {@code name} = the id as
   * text when missing.
   *
   * @param file the JSON file
   * @return images, categories and flat annotations, in file order
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public static CocoGroundTruth readGroundTruth(Path file) throws IOException {
    InputFiles.requireDatasetFile(file, InputFiles.MAX_JSON_BYTES);
    try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
      Reader r = new Reader(file, p);
      return r.groundTruth();
    } catch (JsonProcessingException e) {
      throw new DatasetFormatException(file + ": not valid JSON: " + e.getOriginalMessage()
          + " at " + where(e.getLocation()), e);
    }
  }

  /**
   * Reads detections: either a plain COCO results array
   * {@code [{"image_id":1,"category_id":1,"bbox":[x,y,w,h],"score":0.9}, ...]} or gridbox's
   * detections object {@code {"images":[...],"categories":[...],"annotations":[...]}} (the key order
   * does not matter).
   *
   * @param file the JSON file
   * @return the results in file order, and the declared images and categories if any
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public static CocoResults readResults(Path file) throws IOException {
    InputFiles.requireDatasetFile(file, InputFiles.MAX_JSON_BYTES);
    try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
      Reader r = new Reader(file, p);
      return r.results();
    } catch (JsonProcessingException e) {
      throw new DatasetFormatException(file + ": not valid JSON: " + e.getOriginalMessage()
          + " at " + where(e.getLocation()), e);
    }
  }

  private static String where(JsonLocation loc) {
    return loc == null ? "unknown position" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  /** Parses one file; holds the growing flat arrays. */
  private static final class Reader {
    final Path file;
    final JsonParser p;
    final List<ImageInfo> images = new ArrayList<>();
    final List<Category> categories = new ArrayList<>();
    int n;
    long[] ids = new long[1024];
    int[] imageIds = new int[1024];
    int[] categoryIds = new int[1024];
    double[] bboxes = new double[4096];
    double[] values = new double[1024]; // area (ground truth) or score (results)
    boolean[] crowd = new boolean[1024];

    Reader(Path file, JsonParser p) {
      this.file = file;
      this.p = p;
    }

    DatasetFormatException bad(String what) {
      return new DatasetFormatException(file + ": " + what + " at " + where(p.currentTokenLocation()));
    }

    CocoGroundTruth groundTruth() throws IOException {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw bad("expected a JSON object with \"images\", \"annotations\", \"categories\"");
      }
      boolean sawAnnotations = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "images" -> readImages();
          case "categories" -> readCategories();
          case "annotations" -> {
            readAnnotations(true);
            sawAnnotations = true;
          }
          default -> p.skipChildren();
        }
      }
      if (!sawAnnotations) {
        throw bad("expected an \"annotations\" array in the ground truth, found none");
      }
      return new CocoGroundTruth(images, categories, Arrays.copyOf(ids, n),
          Arrays.copyOf(imageIds, n), Arrays.copyOf(categoryIds, n), Arrays.copyOf(bboxes, 4 * n),
          Arrays.copyOf(values, n), Arrays.copyOf(crowd, n));
    }

    CocoResults results() throws IOException {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_ARRAY) {
        readAnnotationItems(false);
      } else if (t == JsonToken.START_OBJECT) {
        boolean sawAnnotations = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          switch (name) {
            case "images" -> readImages();
            case "categories" -> readCategories();
            case "annotations" -> {
              readAnnotations(false);
              sawAnnotations = true;
            }
            default -> p.skipChildren();
          }
        }
        if (!sawAnnotations) {
          throw bad("expected an \"annotations\" array in the detections object, found none");
        }
      } else {
        throw bad("expected a COCO results array or a detections object, got " + t);
      }
      return new CocoResults(images, categories, Arrays.copyOf(imageIds, n),
          Arrays.copyOf(categoryIds, n), Arrays.copyOf(bboxes, 4 * n), Arrays.copyOf(values, n));
    }

    void expectArray(String what) throws IOException {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw bad("expected \"" + what + "\" to be an array, got " + p.currentToken());
      }
    }

    void readImages() throws IOException {
      expectArray("images");
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
          throw bad("expected an image object in \"images\", got " + p.currentToken());
        }
        Integer id = null;
        String fileName = "";
        int width = 1;
        int height = 1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String f = p.currentName();
          p.nextToken();
          switch (f) {
            case "id" -> id = intValue("images[].id");
            case "file_name" -> fileName = textValue("images[].file_name");
            case "width" -> width = intValue("images[].width");
            case "height" -> height = intValue("images[].height");
            default -> p.skipChildren();
          }
        }
        if (id == null) {
          throw bad("expected an \"id\" in image " + (images.size() + 1));
        }
        if (width <= 0 || height <= 0) {
          throw bad("expected a positive width and height for image id " + id + ", got "
              + width + "x" + height);
        }
        images.add(new ImageInfo(id, fileName, width, height));
      }
    }

    void readCategories() throws IOException {
      expectArray("categories");
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
          throw bad("expected a category object in \"categories\", got " + p.currentToken());
        }
        Integer id = null;
        String name = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String f = p.currentName();
          p.nextToken();
          switch (f) {
            case "id" -> id = intValue("categories[].id");
            case "name" -> name = textValue("categories[].name");
            default -> p.skipChildren();
          }
        }
        if (id == null) {
          throw bad("expected an \"id\" in category " + (categories.size() + 1));
        }
        categories.add(new Category(id, name == null ? Integer.toString(id) : name));
      }
    }

    void readAnnotations(boolean groundTruth) throws IOException {
      expectArray("annotations");
      readAnnotationItems(groundTruth);
    }

    /** Reads objects until the END_ARRAY of the array whose START_ARRAY is the current token. */
    void readAnnotationItems(boolean gt) throws IOException {
      String what = gt ? "annotation" : "result";
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
          throw bad("expected " + what + " object, got " + p.currentToken());
        }
        grow();
        boolean hasImage = false;
        boolean hasCategory = false;
        boolean hasBbox = false;
        boolean hasValue = false;
        long id = n + 1;
        boolean isCrowd = false;
        double value = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String f = p.currentName();
          p.nextToken();
          switch (f) {
            case "image_id" -> {
              imageIds[n] = intValue(what + ".image_id");
              hasImage = true;
            }
            case "category_id" -> {
              categoryIds[n] = intValue(what + ".category_id");
              hasCategory = true;
            }
            case "bbox" -> {
              readBbox(what);
              hasBbox = true;
            }
            case "score" -> {
              if (!gt) {
                value = numberValue(what + ".score");
                if (!Double.isFinite(value)) {
                  throw bad("expected a finite score, got " + value);
                }
                hasValue = true;
              } else {
                p.skipChildren();
              }
            }
            case "area" -> {
              if (gt) {
                value = numberValue("annotation.area");
                hasValue = true;
              } else {
                p.skipChildren();
              }
            }
            case "iscrowd" -> {
              if (gt) {
                isCrowd = p.currentToken() == JsonToken.VALUE_TRUE
                    || (p.currentToken().isNumeric() && p.getNumberValue().doubleValue() != 0);
              } else {
                p.skipChildren();
              }
            }
            case "id" -> {
              if (gt) {
                id = (long) numberValue("annotation.id");
              } else {
                p.skipChildren();
              }
            }
            default -> p.skipChildren();
          }
        }
        if (!hasImage || !hasCategory || !hasBbox || (!gt && !hasValue)) {
          throw new DatasetFormatException(file + ": " + what + " " + (n + 1) + " ending at "
              + where(p.currentTokenLocation()) + " lacks " + (!hasImage ? "\"image_id\"" : !hasCategory
                  ? "\"category_id\"" : !hasBbox ? "\"bbox\"" : "\"score\""));
        }
        if (gt && !hasValue) {
          value = bboxes[4 * n + 2] * bboxes[4 * n + 3];
        }
        ids[n] = id;
        values[n] = value;
        crowd[n] = isCrowd;
        n++;
      }
    }

    void readBbox(String what) throws IOException {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw bad("expected " + what + ".bbox to be an array [x, y, w, h], got " + p.currentToken());
      }
      int k = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (k == 4) {
          throw bad("expected " + what + ".bbox to have 4 numbers [x, y, w, h], got more");
        }
        double v = numberValue(what + ".bbox[" + k + "]");
        if (!Double.isFinite(v)) {
          throw bad("expected finite numbers in " + what + ".bbox, got " + v);
        }
        bboxes[4 * n + k++] = v;
      }
      if (k != 4) {
        throw bad("expected " + what + ".bbox to have 4 numbers [x, y, w, h], got " + k);
      }
      if (bboxes[4 * n + 2] < 0 || bboxes[4 * n + 3] < 0) {
        throw bad("expected " + what + ".bbox width and height >= 0, got w=" + bboxes[4 * n + 2]
            + " h=" + bboxes[4 * n + 3]);
      }
    }

    void grow() {
      if (n == ids.length) {
        int cap = 2 * n;
        ids = Arrays.copyOf(ids, cap);
        imageIds = Arrays.copyOf(imageIds, cap);
        categoryIds = Arrays.copyOf(categoryIds, cap);
        bboxes = Arrays.copyOf(bboxes, 4 * cap);
        values = Arrays.copyOf(values, cap);
        crowd = Arrays.copyOf(crowd, cap);
      }
    }

    int intValue(String what) throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_NUMBER_INT) {
        return p.getIntValue();
      }
      if (t == JsonToken.VALUE_NUMBER_FLOAT) {
        double d = p.getDoubleValue();
        if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
          return (int) d;
        }
      }
      throw bad("expected an integer for " + what + ", got " + describe(t));
    }

    double numberValue(String what) throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
        return p.getDoubleValue();
      }
      throw bad("expected a number for " + what + ", got " + describe(t));
    }

    String textValue(String what) throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_STRING) {
        return p.getText();
      }
      throw bad("expected a string for " + what + ", got " + describe(t));
    }

    String describe(JsonToken t) throws IOException {
      return switch (t) {
        case START_OBJECT -> "an object";
        case START_ARRAY -> "an array";
        case VALUE_NULL -> "null";
        default -> "'" + p.getText() + "'";
      };
    }
  }

  /**
   * Writes ground truth as a COCO instances file ({@code images}, {@code categories},
   * {@code annotations} with {@code id, image_id, category_id, bbox [x,y,w,h], area, iscrowd}),
   * e.g. to convert YOLO txt or VOC XML ground truth to COCO. Streams; written to a temporary name
   * and renamed.
   *
   * @param file the JSON file to write
   * @param gt the ground truth
   * @throws IOException when the input cannot be read or is not a supported image
   */
  public static void writeGroundTruth(Path file, CocoGroundTruth gt) throws IOException {
    AtomicTarget t = new AtomicTarget(file, ".tmp");
    Path parent = t.temp().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (java.io.OutputStream out = new java.io.BufferedOutputStream(t.open());
        com.fasterxml.jackson.core.JsonGenerator g = JSON.createGenerator(out,
            com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeArrayFieldStart("images");
      for (ImageInfo im : gt.images()) {
        g.writeStartObject();
        g.writeNumberField("id", im.id());
        g.writeStringField("file_name", im.fileName());
        g.writeNumberField("width", im.width());
        g.writeNumberField("height", im.height());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("categories");
      for (Category c : gt.categories()) {
        g.writeStartObject();
        g.writeNumberField("id", c.id());
        g.writeStringField("name", c.name());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("annotations");
      for (int j = 0; j < gt.size(); j++) {
        g.writeStartObject();
        g.writeNumberField("id", gt.ids()[j]);
        g.writeNumberField("image_id", gt.imageIds()[j]);
        g.writeNumberField("category_id", gt.categoryIds()[j]);
        g.writeArrayFieldStart("bbox");
        for (int q = 0; q < 4; q++) {
          g.writeNumber(gt.bboxes()[4 * j + q]);
        }
        g.writeEndArray();
        g.writeNumberField("area", gt.areas()[j]);
        g.writeNumberField("iscrowd", gt.crowd()[j] ? 1 : 0);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException | RuntimeException e) {
      t.discard();
      throw e;
    }
    t.commit();
  }
}
