package org.gridbox.nn.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.gridbox.io.ModelFormatException;

/**
 * One node of a graph model's {@code modelTopology.node} list, with typed access to its protobuf-JSON
 * attributes ({@code {"i": "3"}}, {@code {"f": 0.1}}, {@code {"b": true}}, {@code {"s": base64}},
 * {@code {"list": {"i": [...]}}}). Every accessor error names the model file, the node and the attribute.
 *
 * @param file the model.json, for messages
 * @param name node name
 * @param op op type, e.g. {@code Conv2D}
 * @param inputs input references {@code "node"} or {@code "node:k"}
 * @param attrs raw attribute objects by name
 */
record GraphNode(String file, String name, String op, List<String> inputs, Map<String, JsonNode> attrs) {

  /** "file: node 'name' (Op)" for messages. */
  String where() {
    return file + ": node '" + name + "' (" + op + ")";
  }

  ModelFormatException error(String what) {
    return new ModelFormatException(where() + ": " + what);
  }

  boolean has(String attr) {
    return attrs.containsKey(attr);
  }

  private JsonNode field(String attr, String key) {
    JsonNode a = attrs.get(attr);
    if (a == null) {
      throw error("missing attribute '" + attr + "'");
    }
    JsonNode v = a.get(key);
    if (v == null) {
      throw error("attribute '" + attr + "' should hold \"" + key + "\", got " + a);
    }
    return v;
  }

  long attrInt(String attr, long fallback) {
    if (!has(attr)) {
      return fallback;
    }
    JsonNode v = attrs.get(attr).get("i");
    if (v == null) {
      return 0; // proto3 JSON omits zero values
    }
    try {
      return Long.parseLong(v.asText());
    } catch (NumberFormatException e) {
      throw error("attribute '" + attr + "' should be an integer, got " + v);
    }
  }

  double attrFloat(String attr, double fallback) {
    if (!has(attr)) {
      return fallback;
    }
    JsonNode v = attrs.get(attr).get("f");
    return v == null ? 0 : v.asDouble();
  }

  boolean attrBool(String attr, boolean fallback) {
    if (!has(attr)) {
      return fallback;
    }
    JsonNode v = attrs.get(attr).get("b");
    return v != null && v.asBoolean();
  }

  String attrString(String attr, String fallback) {
    if (!has(attr)) {
      return fallback;
    }
    return decode(field(attr, "s"));
  }

  int[] attrInts(String attr) {
    if (!has(attr)) {
      return null;
    }
    JsonNode list = field(attr, "list").get("i");
    if (list == null) {
      return new int[0];
    }
    int[] out = new int[list.size()];
    for (int k = 0; k < out.length; k++) {
      try {
        out[k] = Integer.parseInt(list.get(k).asText());
      } catch (NumberFormatException e) {
        throw error("attribute '" + attr + "' should be a list of integers, got " + list);
      }
    }
    return out;
  }

  String[] attrStrings(String attr) {
    if (!has(attr)) {
      return new String[0];
    }
    JsonNode list = field(attr, "list").get("s");
    if (list == null) {
      return new String[0];
    }
    String[] out = new String[list.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = decode(list.get(k));
    }
    return out;
  }

  private String decode(JsonNode s) {
    try {
      return new String(Base64.getDecoder().decode(s.asText()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw error("expected a base64 string, got " + s);
    }
  }

  /** The node name of input {@code k} (without an output suffix). */
  static String nodeOf(String ref) {
    int colon = ref.lastIndexOf(':');
    if (colon > 0 && colon < ref.length() - 1 && ref.substring(colon + 1).chars().allMatch(Character::isDigit)) {
      return ref.substring(0, colon);
    }
    return ref;
  }

  /** The output index of a reference ({@code "a:1"} → 1, {@code "a"} → 0). */
  static int outputOf(String ref) {
    String n = nodeOf(ref);
    return n.length() == ref.length() ? 0 : Integer.parseInt(ref.substring(n.length() + 1));
  }
}
