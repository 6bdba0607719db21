package dev.provenant.server.admission;

import java.nio.charset.StandardCharsets;

/** An HTTP answer to an admission call: its status code and JSON body. */
public record AdmissionAnswer(int status, byte[] body) {
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
