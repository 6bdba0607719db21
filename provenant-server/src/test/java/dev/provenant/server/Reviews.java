package dev.provenant.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** AdmissionReview fixtures from {@code src/test/resources/admission}, with images filled in. */
public final class Reviews {
  private Reviews() {}

  /** The fixture with every image set to {@code image}. */
  public static String of(String fixture, String image) throws IOException {
    return of(
        fixture,
        Map.of(
            "IMAGE_MAIN",
            image,
            "IMAGE_SIDECAR",
            image,
            "IMAGE_INIT",
            image,
            "IMAGE_DEBUG",
            image));
  }

  /**
   * The fixture with {@code {{KEY}}} placeholders replaced; UID, NAMESPACE and DRY_RUN default to a
   * fresh uid, {@code shop} and false.
   */
  public static String of(String fixture, Map<String, String> values) throws IOException {
    Map<String, String> all = new HashMap<>();
    all.put("UID", UUID.randomUUID().toString());
    all.put("NAMESPACE", "shop");
    all.put("DRY_RUN", "false");
    all.putAll(values);
    String text = raw(fixture);
    for (Map.Entry<String, String> entry : all.entrySet()) {
      text = text.replace("{{" + entry.getKey() + "}}", entry.getValue());
    }
    return text;
  }

  public static String raw(String fixture) throws IOException {
    try (InputStream in = Reviews.class.getResourceAsStream("/admission/" + fixture)) {
      if (in == null) {
        throw new IOException("no fixture admission/" + fixture);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
