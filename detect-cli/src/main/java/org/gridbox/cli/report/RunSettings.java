package org.gridbox.cli.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** The settings of a run as the report shows them: every option and parameter with its value. */
public final class RunSettings {
  private RunSettings() {}

  /**
   * One setting.
   *
   * @param name the option's longest name ({@code --conf}) or a parameter's label
   * @param value its value as text ({@code ""} when unset)
   */
  public record Setting(String name, String value) {}

  /**
   * The options and positional parameters of a parsed command, in declaration order, with the
   * values they had for this run (defaults included); help and version switches are left out.
   *
   * @param spec the command's picocli spec, after parsing
   * @param extra settings to append (e.g. what the command derived: the model's name)
   */
  public static List<Setting> of(CommandSpec spec, Setting... extra) {
    List<Setting> out = new ArrayList<>();
    for (PositionalParamSpec p : spec.positionalParameters()) {
      out.add(new Setting(p.paramLabel(), text(p)));
    }
    for (OptionSpec o : spec.options()) {
      if (o.usageHelp() || o.versionHelp()) {
        continue;
      }
      out.add(new Setting(o.longestName(), text(o)));
    }
    out.addAll(List.of(extra));
    return out;
  }

  private static String text(ArgSpec a) {
    Object v = a.getValue();
    if (v == null) {
      return "";
    }
    if (v instanceof Collection<?> c) {
      return String.join(" ", c.stream().map(String::valueOf).toList());
    }
    if (v.getClass().isArray()) {
      StringBuilder b = new StringBuilder();
      int n = java.lang.reflect.Array.getLength(v);
      for (int i = 0; i < n; i++) {
        b.append(i == 0 ? "" : ",").append(java.lang.reflect.Array.get(v, i));
      }
      return b.toString();
    }
    return String.valueOf(v);
  }
}
