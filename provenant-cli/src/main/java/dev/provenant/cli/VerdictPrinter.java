package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.Signer;
import dev.provenant.core.verification.VerificationReport;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Prints a verification report: every signature found, who it claims to come from, each check with
 * what was expected and found, and the overall result. The JSON form is stable for tools.
 */
final class VerdictPrinter {
  private VerdictPrinter() {}

  static void printText(VerificationReport report, PrintWriter out) {
    out.println("Verifying " + Printable.safe(report.subject()));
    if (report.verdicts().isEmpty()) {
      out.println("  no signatures found");
    }
    for (SignatureVerdict verdict : report.verdicts()) {
      out.println();
      out.println(
          (verdict.accepted() ? "  ACCEPTED  " : "  REJECTED  ")
              + Printable.safe(verdict.source()));
      out.println("    signer: " + describe(verdict.signer()));
      verdict.optionalSignedAt().ifPresent(time -> out.println("    signed at " + time));
      verdict.signer().extensions().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e ->
                  out.println(
                      "      " + Printable.safe(e.getKey()) + ": " + Printable.safe(e.getValue())));
      for (Check check : verdict.checks()) {
        out.println(
            "    ["
                + (check.passed() ? "ok" : "FAIL")
                + "] "
                + check.name()
                + ": "
                + Printable.safe(check.detail()));
      }
    }
    out.println();
    long accepted = report.verdicts().stream().filter(SignatureVerdict::accepted).count();
    out.println(
        report.verified()
            ? "Verified: "
                + accepted
                + " of "
                + report.verdicts().size()
                + " signature(s) accepted."
            : "Not verified: "
                + (report.verdicts().isEmpty()
                    ? "no signatures were found."
                    : "none of the " + report.verdicts().size() + " signature(s) was accepted."));
  }

  static ObjectNode toJson(VerificationReport report) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("subject", report.subject());
    root.put("verified", report.verified());
    ArrayNode signatures = root.putArray("signatures");
    for (SignatureVerdict verdict : report.verdicts()) {
      ObjectNode node = signatures.addObject();
      node.put("source", verdict.source());
      node.put("accepted", verdict.accepted());
      verdict.firstFailure().ifPresent(c -> node.put("reason", c.detail()));
      // Only a verified time (log entry or timestamp); absent when nothing proves it.
      verdict.optionalSignedAt().ifPresent(time -> node.put("signedAt", time.toString()));
      ObjectNode signer = node.putObject("signer");
      signer.put("kind", verdict.signer().kind().name().toLowerCase(java.util.Locale.ROOT));
      signer.put("identity", verdict.signer().identity());
      if (verdict.signer().issuer() != null) {
        signer.put("issuer", verdict.signer().issuer());
      }
      ObjectNode extensions = signer.putObject("extensions");
      verdict.signer().extensions().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> extensions.put(e.getKey(), e.getValue()));
      ArrayNode checks = node.putArray("checks");
      for (Check check : verdict.checks()) {
        ObjectNode c = checks.addObject();
        c.put("name", check.name());
        c.put("passed", check.passed());
        c.put("detail", check.detail());
      }
    }
    return root;
  }

  private static String describe(Signer signer) {
    return switch (signer.kind()) {
      case KEY -> "key " + Printable.safe(signer.identity());
      case CERTIFICATE ->
          "certificate "
              + Printable.safe(signer.identity())
              + (signer.issuer() != null
                  ? " (issuer " + Printable.safe(signer.issuer()) + ")"
                  : "");
    };
  }
}
