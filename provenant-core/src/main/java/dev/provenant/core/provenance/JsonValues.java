package dev.provenant.core.provenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Deep, sorted, unmodifiable copies of JSON values held as Java maps, lists and scalars. */
final class JsonValues {
  private JsonValues() {}

  static Map<String, Object> sortedCopy(Map<String, ?> map) {
    TreeMap<String, Object> copy = new TreeMap<>();
    map.forEach((key, value) -> copy.put(key, copyValue(key, value)));
    return Collections.unmodifiableSortedMap(copy);
  }

  // A JSON null is kept: v0.2 parameters read back may hold one.
  private static Object copyValue(String key, Object value) {
    return switch (value) {
      case null -> null;
      case Map<?, ?> map -> {
        TreeMap<String, Object> copy = new TreeMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), copyValue(String.valueOf(k), v)));
        yield Collections.unmodifiableSortedMap(copy);
      }
      case List<?> list -> {
        List<Object> copy = new ArrayList<>(list.size());
        list.forEach(v -> copy.add(copyValue(key, v)));
        yield Collections.unmodifiableList(copy);
      }
      case String s -> s;
      case Number n -> n;
      case Boolean b -> b;
      default ->
          throw new IllegalArgumentException(
              "parameter '" + key + "' is a " + value.getClass().getSimpleName() + ", not JSON");
    };
  }
}
