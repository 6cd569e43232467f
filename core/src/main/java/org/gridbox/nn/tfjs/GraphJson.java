package org.gridbox.nn.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gridbox.io.ModelFormatException;
import org.gridbox.io.ModelSource;

/**
 * A TF.js graph model's {@code model.json}, read and checked: its nodes (control dependencies
 * dropped), every op one the runtime executes, the signature's inputs and outputs (the
 * {@code Placeholder}s and the unconsumed non-constant nodes when the file has no signature), and the
 * weights manifest for {@link TfjsWeights}. Planning is {@link Planner}'s job.
 *
 * @param file how the source names the file, for messages
 * @param nodes the nodes in file order
 * @param inputs input names (a trailing {@code :0} removed)
 * @param outputs output names (a trailing {@code :0} removed)
 * @param weightsManifest the {@code weightsManifest} array, or null when absent
 */
record GraphJson(String file, List<GraphNode> nodes, List<String> inputs, List<String> outputs,
    JsonNode weightsManifest) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code modelJson} from {@code source}, at most {@code maxBytes}; errors name the file. */
  static GraphJson read(ModelSource source, String modelJson, long maxBytes) {
    String problem = source.problem(modelJson, maxBytes);
    if (problem != null) {
      throw new ModelFormatException(source.describe(modelJson) + ": "
          + (problem.equals("does not exist") ? "no such TFJS graph model" : problem));
    }
    JsonNode root;
    try {
      root = JSON.readTree(source.read(modelJson, maxBytes));
    } catch (IOException e) {
      throw new ModelFormatException(source.describe(modelJson) + ": not valid JSON: " + e.getMessage(), e);
    }
    String file = source.describe(modelJson);
    JsonNode nodeList = root == null ? null : root.path("modelTopology").get("node");
    if (nodeList == null || !nodeList.isArray()) {
      throw new ModelFormatException(file + ": expected a graph model with \"modelTopology\": {\"node\": [...]}"
          + (root != null && root.has("format") ? " (format is " + root.get("format") + ")" : ""));
    }
    List<GraphNode> nodes = new ArrayList<>();
    for (int i = 0; i < nodeList.size(); i++) {
      nodes.add(parseNode(file, nodeList.get(i), i));
    }
    for (GraphNode n : nodes) {
      if (!OpPlans.SUPPORTED.contains(n.op())) {
        throw n.error("op " + n.op() + " is not supported by the gridbox TFJS runtime (supported: "
            + String.join(", ", new TreeSet<>(OpPlans.SUPPORTED)) + ")");
      }
    }
    List<String> inputs = signature(root, "inputs");
    List<String> outputs = signature(root, "outputs");
    if (inputs.isEmpty()) {
      nodes.stream().filter(n -> n.op().equals("Placeholder")).forEach(n -> inputs.add(n.name()));
    }
    if (outputs.isEmpty()) {
      Set<String> consumed = new HashSet<>();
      nodes.forEach(n -> n.inputs().forEach(r -> consumed.add(GraphNode.nodeOf(r))));
      nodes.stream().filter(n -> !consumed.contains(n.name()) && !n.op().equals("Const"))
          .forEach(n -> outputs.add(n.name()));
    }
    return new GraphJson(file, List.copyOf(nodes), inputs, outputs, root.get("weightsManifest"));
  }

  private static GraphNode parseNode(String file, JsonNode j, int index) {
    String name = j.path("name").asText(null);
    String op = j.path("op").asText(null);
    if (name == null || op == null) {
      throw new ModelFormatException(file + ": node " + index + " needs a \"name\" and an \"op\", got "
          + abbreviate(j.toString()));
    }
    List<String> inputs = new ArrayList<>();
    for (JsonNode in : j.path("input")) {
      String ref = in.asText();
      if (ref.startsWith("^")) {
        continue; // control dependency: ordering only, no data
      }
      inputs.add(ref);
    }
    Map<String, JsonNode> attrs = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = j.path("attr").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      attrs.put(e.getKey(), e.getValue());
    }
    return new GraphNode(file, name, op, List.copyOf(inputs), attrs);
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "…" : s;
  }

  private static List<String> signature(JsonNode root, String key) {
    List<String> names = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("signature").path(key).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getValue().path("name").asText(e.getKey());
      names.add(strip(name));
    }
    return names;
  }

  /** A node reference without a trailing {@code :0} (output 0 is the node itself). */
  static String strip(String name) {
    return name.endsWith(":0") ? name.substring(0, name.length() - 2) : name;
  }
}
