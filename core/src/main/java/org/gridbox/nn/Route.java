package org.gridbox.nn;

import java.util.List;
import org.gridbox.Check;

/**
 * Darknet {@code [route]}: concatenates its inputs along channels, after taking from each input the
 * channel slice {@code groupId} of {@code groups} equal slices (yolov4-tiny's {@code groups=2
 * group_id=1} takes the second half). With {@code groups = 1} it is a plain concatenation.
 * All inputs must have the same batch, height and width.
 */
public final class Route implements MultiInputLayer {
  private final int groups;
  private final int groupId;

  /**
   * @param groups number of equal channel slices per input, {@code >= 1}
   * @param groupId the slice taken, {@code 0 <= groupId < groups}
   */
  public Route(int groups, int groupId) {
    Check.argument(groups >= 1 && groupId >= 0 && groupId < groups,
        "need groups >= 1 and 0 <= group_id < groups, got groups=%s, group_id=%s", groups, groupId);
    this.groups = groups;
    this.groupId = groupId;
  }

  /** {@return a plain channel concatenation} */
  public static Route concat() {
    return new Route(1, 0);
  }

  /** {@return number of channel slices per input} */
  public int groups() {
    return groups;
  }

  /** {@return the slice taken} */
  public int groupId() {
    return groupId;
  }

  @Override
  public String describe() {
    return "route" + (groups > 1 ? " groups=" + groups + " group_id=" + groupId : "");
  }

  @Override
  public int[] outputShape(List<int[]> inputs) {
    Check.argument(!inputs.isEmpty(), "route needs at least one input");
    int[] first = inputs.get(0);
    int c = 0;
    for (int[] s : inputs) {
      Check.argument(s[0] == first[0] && s[2] == first[2] && s[3] == first[3],
          "%s: inputs differ in batch/height/width: %s vs %s", describe(), first, s);
      Check.argument(s[1] % groups == 0, "%s: %s channels do not split into %s groups", describe(), s[1],
          groups);
      c += s[1] / groups;
    }
    return new int[] {first[0], c, first[2], first[3]};
  }

  @Override
  public void forward(List<Tensor> inputs, Tensor output, ComputeContext ctx) {
    copy(inputs, output);
  }

  @Override
  public void backward(List<Tensor> inputs, Tensor output, Tensor dy, List<Tensor> dInputs, ComputeContext ctx) {
    int[] os = output.shape();
    int hw = os[2] * os[3];
    for (int n = 0; n < os[0]; n++) {
      int cOut = 0;
      for (int i = 0; i < inputs.size(); i++) {
        int ci = inputs.get(i).dim(1);
        int part = ci / groups;
        Tensor d = dInputs.get(i);
        if (d != null) {
          for (int k = 0; k < part * hw; k++) {
            d.data()[(n * ci + groupId * part) * hw + k] += dy.data()[(n * os[1] + cOut) * hw + k];
          }
        }
        cOut += part;
      }
    }
  }

  private void copy(List<Tensor> inputs, Tensor output) {
    int[] os = output.shape();
    int hw = os[2] * os[3];
    for (int n = 0; n < os[0]; n++) {
      int cOut = 0;
      for (Tensor t : inputs) {
        int ci = t.dim(1);
        int part = ci / groups;
        System.arraycopy(t.data(), (n * ci + groupId * part) * hw, output.data(), (n * os[1] + cOut) * hw, part * hw);
        cOut += part;
      }
    }
  }
}
