package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.SequencedMap;
import java.util.regex.Pattern;

/**
 * How image labels are printed: {@code docker-args} ({@code --label k=v} lines for {@code docker
 * build}), {@code env} ({@code k=v} lines, the format of {@code docker build --label-file}) or
 * {@code json}.
 */
enum ImageLabelFormat {
  DOCKER_ARGS,
  ENV,
  JSON;

  /** Characters that need no quoting in a POSIX shell word. */
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._/:@+=,%-]+");

  static ImageLabelFormat parse(String text) throws CommandFailure {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "docker-args" -> DOCKER_ARGS;
      case "env" -> ENV;
      case "json" -> JSON;
      default ->
          throw new CommandFailure(
              ExitCode.INPUT,
              "invalid_input",
              "unknown label format '" + text + "': use docker-args, env or json",
              null);
    };
  }

  String format(String ci, SequencedMap<String, String> labels) {
    StringBuilder out = new StringBuilder();
    switch (this) {
      case DOCKER_ARGS ->
          labels.forEach(
              (k, v) -> out.append("--label ").append(shellWord(k + "=" + v)).append('\n'));
      case ENV -> labels.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
      case JSON -> {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("ci", ci);
        ObjectNode labelNode = root.putObject("labels");
        labels.forEach(labelNode::put);
        out.append(Json.pretty(root)).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * {@code word} as one shell word: unchanged when it holds only safe characters (every value the
   * CIs set, in practice), else single-quoted, so that pasting or {@code eval} keeps it one label.
   */
  private static String shellWord(String word) {
    return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
