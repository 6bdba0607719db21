package dev.provenant.cli;

/** {@code --output}: text for people, JSON (stable field names) for tools. */
enum OutputFormat {
  TEXT,
  JSON
}
