package dev.provenant.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a node sits in a document: field names and list indexes from the root. Shown to users as
 * {@code spec.authorities.keys[0].file}; keyed internally by JSON pointer, the form schema errors
 * report.
 */
record YamlPath(List<Object> elements) {
  static final YamlPath ROOT = new YamlPath(List.of());

  YamlPath {
    elements = List.copyOf(elements);
  }

  YamlPath field(String name) {
    return append(name);
  }

  YamlPath index(int index) {
    return append(index);
  }

  private YamlPath append(Object element) {
    List<Object> longer = new ArrayList<>(elements);
    longer.add(element);
    return new YamlPath(longer);
  }

  YamlPath parent() {
    return elements.isEmpty() ? this : new YamlPath(elements.subList(0, elements.size() - 1));
  }

  boolean isRoot() {
    return elements.isEmpty();
  }

  /** RFC 6901 JSON pointer: {@code /spec/authorities/keys/0/file}. */
  String pointer() {
    StringBuilder pointer = new StringBuilder();
    for (Object element : elements) {
      pointer.append('/').append(element.toString().replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  /** The spelling in messages: {@code spec.authorities.keys[0].file}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (Object element : elements) {
      if (element instanceof Integer index) {
        text.append('[').append(index).append(']');
      } else {
        if (!text.isEmpty()) {
          text.append('.');
        }
        text.append(element);
      }
    }
    return text.isEmpty() ? "(document)" : text.toString();
  }
}
