package dev.provenant.core.keys;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PEM block: its type (the word between {@code BEGIN} and the dashes), whether it carries RFC
 * 1421 headers (OpenSSL's legacy {@code Proc-Type: 4,ENCRYPTED}), and its decoded body.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7468">RFC 7468, textual encodings</a>
 */
record PemBlock(String type, boolean hasHeaders, byte[] der) {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  /** Every well-formed block in {@code text}, in order; a body that is not base64 is an error. */
  static List<PemBlock> all(String text) throws InvalidKeyException {
    List<PemBlock> blocks = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(text);
    while (matcher.find()) {
      String type = matcher.group(1);
      String body = matcher.group(2);
      boolean headers = false;
      int colon = body.indexOf(':');
      if (colon >= 0) {
        // Headers end at the first empty line (RFC 1421 section 4.4).
        headers = true;
        int blank = body.replace("\r\n", "\n").indexOf("\n\n");
        body = blank < 0 ? "" : body.replace("\r\n", "\n").substring(blank + 2);
      }
      try {
        blocks.add(new PemBlock(type, headers, Base64.getMimeDecoder().decode(body.strip())));
      } catch (IllegalArgumentException e) {
        throw new InvalidKeyException("the PEM '" + type + "' block is not valid base64", e);
      }
    }
    return blocks;
  }

  /** Writes a block with 64-character lines, as OpenSSL and Go's encoding/pem do. */
  static String write(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
