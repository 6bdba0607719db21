package dev.provenant.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provenant.core.verification.Check;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.Signer;
import dev.provenant.core.verification.VerificationReport;
import java.io.PrintWriter;
import java.util.TreeMap;

/** Prints a {@link VerificationReport}: each signature's source, signer and every check. */
final class VerdictOutput {
  private VerdictOutput() {}

  static void printText(VerificationReport report, PrintWriter out) {
    out.println(report.subject() + ": " + (report.verified() ? "verified" : "NOT verified"));
    if (report.verdicts().isEmpty()) {
      out.println("  no signature found");
    }
    for (SignatureVerdict verdict : report.verdicts()) {
      out.println("  " + verdict.source() + ": " + verdict.summary());
      out.println("    signer: " + describe(verdict.signer()));
      new TreeMap<>(verdict.signer().extensions())
          .forEach((name, value) -> out.println("      " + name + ": " + value));
      for (Check check : verdict.checks()) {
        out.println(
            "    "
                + (check.passed() ? "ok  " : "FAIL")
                + " "
                + check.name()
                + ": "
                + check.detail());
      }
    }
  }

  static ObjectNode toJson(VerificationReport report) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("subject", report.subject());
    root.put("verified", report.verified());
    var verdicts = root.putArray("verdicts");
    for (SignatureVerdict verdict : report.verdicts()) {
      ObjectNode v = verdicts.addObject();
      v.put("source", verdict.source());
      v.put("accepted", verdict.accepted());
      verdict.firstFailure().ifPresent(f -> v.put("reason", f.detail()));
      ObjectNode signer = v.putObject("signer");
      signer.put("kind", verdict.signer().kind().name().toLowerCase(java.util.Locale.ROOT));
      signer.put("identity", verdict.signer().identity());
      if (verdict.signer().issuer() != null) {
        signer.put("issuer", verdict.signer().issuer());
      }
      ObjectNode extensions = signer.putObject("extensions");
      new TreeMap<>(verdict.signer().extensions()).forEach(extensions::put);
      var checks = v.putArray("checks");
      for (Check check : verdict.checks()) {
        checks
            .addObject()
            .put("name", check.name())
            .put("passed", check.passed())
            .put("detail", check.detail());
      }
    }
    return root;
  }

  private static String describe(Signer signer) {
    return switch (signer.kind()) {
      case KEY -> "key " + signer.identity();
      case CERTIFICATE ->
          "certificate "
              + signer.identity()
              + (signer.issuer() != null ? " (issuer " + signer.issuer() + ")" : "");
    };
  }
}
