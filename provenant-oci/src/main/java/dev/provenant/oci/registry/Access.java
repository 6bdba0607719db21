package dev.provenant.oci.registry;

/** What a request needs to do in a repository, which decides the token scope it asks for. */
enum Access {
  NONE(""),
  PULL("pull"),
  PUSH("pull,push");

  private final String actions;

  Access(String actions) {
    this.actions = actions;
  }

  /** The actions of a Bearer token scope: {@code pull} or {@code pull,push}. */
  String actions() {
    return actions;
  }

  /** The word for messages: "pull from" or "push to". */
  String verb() {
    return this == PUSH ? "push to" : "pull from";
  }
}
