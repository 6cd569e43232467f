package org.gridbox.nn.darknet;

import org.gridbox.io.ModelFormatException;
import org.gridbox.nn.Activation;

/**
 * Typed, bounded reading of one section's options; every error names the file, the line of the key,
 * the layer and the key. Bounds keep a hostile cfg from asking for absurd sizes before anything is
 * allocated.
 */
final class CfgOptions {
  /** Largest width, height, channel, filter or output count a cfg may give. */
  static final int MAX_DIM = 1 << 16;

  final DarknetCfg.Section section;
  final String source;
  final int index;

  CfgOptions(DarknetCfg.Section section, String source, int index) {
    this.section = section;
    this.source = source;
    this.index = index;
  }

  /** "file:line: layer i [name]" for the section header. */
  String where() {
    return source + ":" + section.line() + ": " + (index < 0 ? "[net]" : "layer " + index + " [" + section.name() + "]");
  }

  ModelFormatException error(String message) {
    return new ModelFormatException(where() + ": " + message);
  }

  ModelFormatException error(String key, String message) {
    return new ModelFormatException(source + ":" + section.lineOf(key) + ": "
        + (index < 0 ? "[net]" : "layer " + index + " [" + section.name() + "]") + " " + key + ": " + message);
  }

  boolean has(String key) {
    return section.options().containsKey(key);
  }

  int integer(String key, int fallback, int min, int max) {
    String v = section.options().get(key);
    if (v == null) {
      return fallback;
    }
    long x;
    try {
      x = Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw error(key, "expected an integer, got '" + v + "'");
    }
    if (x < min || x > max) {
      throw error(key, "expected " + min + ".." + max + ", got " + v);
    }
    return (int) x;
  }

  float number(String key, float fallback) {
    String v = section.options().get(key);
    if (v == null) {
      return fallback;
    }
    try {
      float f = Float.parseFloat(v.strip());
      if (!Float.isFinite(f)) {
        throw new NumberFormatException();
      }
      return f;
    } catch (NumberFormatException e) {
      throw error(key, "expected a finite number, got '" + v + "'");
    }
  }

  /** A comma-separated list of integers each in {@code min..max}, or null when absent. */
  int[] integers(String key, int min, int max) {
    String v = section.options().get(key);
    if (v == null) {
      return null;
    }
    String[] parts = v.split(",");
    if (parts.length > MAX_DIM) {
      throw error(key, parts.length + " values is more than " + MAX_DIM);
    }
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        long x = Long.parseLong(parts[i].strip());
        if (x < min || x > max) {
          throw error(key, "value " + (i + 1) + " must be " + min + ".." + max + ", got " + parts[i].strip());
        }
        out[i] = (int) x;
      } catch (NumberFormatException e) {
        throw error(key, "value " + (i + 1) + " must be an integer, got '" + parts[i].strip() + "'");
      }
    }
    return out;
  }

  /** A comma-separated list of finite numbers, or an empty array when absent. */
  float[] numbers(String key) {
    String v = section.options().get(key);
    if (v == null) {
      return new float[0];
    }
    String[] parts = v.split(",");
    if (parts.length > MAX_DIM) {
      throw error(key, parts.length + " values is more than " + MAX_DIM);
    }
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Float.parseFloat(parts[i].strip());
      } catch (NumberFormatException e) {
        out[i] = Float.NaN;
      }
      if (!Float.isFinite(out[i])) {
        throw error(key, "value " + (i + 1) + " must be a finite number, got '" + parts[i].strip() + "'");
      }
    }
    return out;
  }

  /** The activation name, defaulting as Darknet does for this section. */
  String activationName(String fallback) {
    return section.get("activation", fallback).strip();
  }

  /** The activation gridbox runs, or an error naming the key when it has none of that name. */
  Activation activation(String fallback) {
    String a = activationName(fallback);
    switch (a) {
      case "linear":
        return Activation.IDENTITY;
      case "leaky":
        return Activation.LEAKY;
      case "relu":
        return Activation.RELU;
      case "relu6":
        return Activation.RELU6;
      case "logistic":
        return Activation.SIGMOID;
      case "tanh":
        return Activation.TANH;
      default:
        throw error("activation", "not supported: '" + a
            + "' (gridbox runs linear, leaky, relu, relu6, logistic, tanh)");
    }
  }
}
