package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code provenant version}: what is running. */
@Command(
    name = "version",
    description = "Print the Provenant version and the Java runtime it runs on.")
final class VersionCommand implements Runnable {
  @Spec CommandSpec spec;
  @Mixin OutputOption output;

  @Override
  public void run() {
    if (output.json()) {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      root.put("version", version());
      root.put("java", Runtime.version().toString());
      root.put("javaVendor", System.getProperty("java.vendor"));
      spec.commandLine().getOut().println(Json.pretty(root));
    } else {
      spec.commandLine().getOut().println("provenant " + version());
      spec.commandLine()
          .getOut()
          .println("java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
    }
  }

  static String version() {
    Properties properties = new Properties();
    try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // A missing version resource only happens in a broken build; say so instead of failing.
    }
    return properties.getProperty("version", "unknown");
  }

  /** Gives {@code provenant --version} the same text. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"provenant " + version()};
    }
  }
}
