package dev.provenant.cli;

import java.io.Console;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the password of a private key comes from, in cosign's order: the {@code COSIGN_PASSWORD}
 * environment variable, then {@code PROVENANT_PASSWORD}, then a prompt on the terminal. A variable
 * set to the empty string is an empty password, which cosign allows too. Passwords are never
 * printed or logged.
 */
final class PasswordSource {
  static final String COSIGN_PASSWORD = "COSIGN_PASSWORD";
  static final String PROVENANT_PASSWORD = "PROVENANT_PASSWORD";
  static final String PROMPT = "Enter password for private key: ";
  static final String PROMPT_AGAIN = "Enter password for private key again: ";

  /** Reads a password without echoing it; {@code null} at end of input. */
  interface Terminal {
    char[] readPassword(String prompt);
  }

  private final Map<String, String> environment;
  private final Supplier<Terminal> terminal;

  /**
   * @param environment the process environment, or a test's stand-in for it
   * @param terminal gives the terminal to prompt on, or {@code null} when there is none; asked only
   *     when no variable holds a password, so that looking for a console costs nothing otherwise
   */
  PasswordSource(Map<String, String> environment, Supplier<Terminal> terminal) {
    this.environment = Map.copyOf(environment);
    this.terminal = terminal;
  }

  /** The real environment and {@link System#console()}, when it is an interactive terminal. */
  static PasswordSource system() {
    return new PasswordSource(System.getenv(), PasswordSource::systemTerminal);
  }

  /** A password for a key about to be encrypted: asked twice on a terminal, which must agree. */
  char[] forNewKey() throws CommandFailure {
    char[] fromEnvironment = fromEnvironment();
    if (fromEnvironment != null) {
      return fromEnvironment;
    }
    Terminal prompt = requireTerminal();
    char[] first = read(prompt, PROMPT);
    char[] second = read(prompt, PROMPT_AGAIN);
    boolean same = Arrays.equals(first, second);
    Arrays.fill(second, '\0');
    if (!same) {
      Arrays.fill(first, '\0');
      throw failure("the two passwords do not match; nothing was written");
    }
    return first;
  }

  /** The password of an existing key: asked once on a terminal. */
  char[] forExistingKey() throws CommandFailure {
    char[] fromEnvironment = fromEnvironment();
    return fromEnvironment != null ? fromEnvironment : read(requireTerminal(), PROMPT);
  }

  private char[] fromEnvironment() {
    for (String name : new String[] {COSIGN_PASSWORD, PROVENANT_PASSWORD}) {
      String value = environment.get(name);
      if (value != null) {
        return value.toCharArray();
      }
    }
    return null;
  }

  private Terminal requireTerminal() throws CommandFailure {
    Terminal prompt = terminal.get();
    if (prompt == null) {
      throw failure(
          "no password: set "
              + COSIGN_PASSWORD
              + " (or "
              + PROVENANT_PASSWORD
              + ") to the private key's password, or run on a terminal to be asked for it");
    }
    return prompt;
  }

  private static char[] read(Terminal prompt, String text) throws CommandFailure {
    char[] password = prompt.readPassword(text);
    if (password == null) {
      throw failure("no password was entered (end of input)");
    }
    return password;
  }

  private static CommandFailure failure(String message) {
    return new CommandFailure(ExitCode.INPUT, "invalid_input", message, null);
  }

  private static Terminal systemTerminal() {
    Console console = System.console();
    if (console == null || !isTerminal(console)) {
      return null;
    }
    return text -> console.readPassword("%s", text);
  }

  /**
   * Since Java 22 {@link System#console()} returns a console even when the streams are redirected,
   * and {@code Console.isTerminal()} tells the difference; on Java 21 a console is a terminal.
   */
  private static boolean isTerminal(Console console) {
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
