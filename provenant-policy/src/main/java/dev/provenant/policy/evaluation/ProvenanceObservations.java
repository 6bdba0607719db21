package dev.provenant.policy.evaluation;

import dev.provenant.core.provenance.Provenance;
import dev.provenant.core.provenance.ProvenanceParseException;
import dev.provenant.core.provenance.ProvenanceParser;
import dev.provenant.core.provenance.ProvenanceStatement;
import dev.provenant.core.provenance.ResourceDescriptor;
import dev.provenant.core.verification.SignatureVerdict;
import dev.provenant.core.verification.Signer;
import dev.provenant.oci.signature.VerifiedAttestation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What accepted evidence says about an image's build, field by field: the Fulcio extensions of
 * accepted keyless signatures, and accepted SLSA provenance attestations (v1, or v0.2 read into the
 * v1 model).
 *
 * <p>Certificate fields (OIDs 1.3.6.1.4.1.57264.1.*, Fulcio's certificate specification):
 * repository from {@code sourceRepositoryURI} or the older {@code githubWorkflowRepository}; ref
 * from {@code sourceRepositoryRef} or {@code githubWorkflowRef}; workflow from {@code
 * buildSignerURI} ({@code https://github.com/OWNER/REPO/PATH@REF}: the PATH); commit from {@code
 * sourceRepositoryDigest} or {@code githubWorkflowSha}. Provenance fields (GitHub Actions workflow
 * build type): {@code externalParameters.workflow.repository|ref|path}, the {@code gitCommit} of
 * the resolved dependencies, {@code runDetails.builder.id}.
 */
final class ProvenanceObservations {
  final List<Observation> repository = new ArrayList<>();
  final List<Observation> ref = new ArrayList<>();
  final List<Observation> workflow = new ArrayList<>();
  final List<Observation> issuer = new ArrayList<>();
  final List<Observation> runnerEnvironment = new ArrayList<>();
  final List<Observation> builderId = new ArrayList<>();
  final List<Observation> sourceCommit = new ArrayList<>();

  /** Provenance attestations that were accepted but could not be read, and why. */
  final List<String> unreadable = new ArrayList<>();

  static ProvenanceObservations of(
      List<SignatureVerdict> acceptedSignatures, List<VerifiedAttestation> acceptedAttestations) {
    ProvenanceObservations found = new ProvenanceObservations();
    for (SignatureVerdict verdict : acceptedSignatures) {
      found.certificate(verdict);
    }
    for (VerifiedAttestation attestation : acceptedAttestations) {
      found.certificate(attestation.verdict());
      if (ProvenanceStatement.PREDICATE_TYPE.equals(attestation.predicateType())
          || ProvenanceStatement.PREDICATE_TYPE_V02.equals(attestation.predicateType())) {
        found.provenance(attestation);
      }
    }
    return found;
  }

  private void certificate(SignatureVerdict verdict) {
    Signer signer = verdict.signer();
    if (signer.kind() != Signer.Kind.CERTIFICATE) {
      return;
    }
    String where = "certificate of " + verdict.source();
    Map<String, String> ext = signer.extensions();
    first(repository, ext, where, "sourceRepositoryURI", "githubWorkflowRepository");
    first(ref, ext, where, "sourceRepositoryRef", "githubWorkflowRef");
    first(sourceCommit, ext, where, "sourceRepositoryDigest", "githubWorkflowSha");
    first(runnerEnvironment, ext, where, "runnerEnvironment");
    String signerUri = ext.get("buildSignerURI");
    if (signerUri != null) {
      workflow.add(new Observation(workflowPath(signerUri), where + ", buildSignerURI"));
    }
    if (signer.issuer() != null) {
      issuer.add(new Observation(signer.issuer(), where + ", issuer"));
    }
  }

  private static void first(
      List<Observation> into, Map<String, String> extensions, String where, String... names) {
    for (String name : names) {
      String value = extensions.get(name);
      if (value != null && !value.isEmpty()) {
        into.add(new Observation(value, where + ", " + name));
        return;
      }
    }
  }

  private void provenance(VerifiedAttestation attestation) {
    String where = "provenance " + attestation.verdict().source();
    Provenance provenance;
    try {
      provenance = new ProvenanceParser().parse(attestation.statement()).provenance();
    } catch (ProvenanceParseException | RuntimeException e) {
      unreadable.add(where + ": " + e.getMessage());
      return;
    }
    Map<String, Object> external = provenance.buildDefinition().externalParameters();
    if (external.get("workflow") instanceof Map<?, ?> workflowParameters) {
      Function<String, String> text =
          key -> workflowParameters.get(key) instanceof String s ? s : null;
      add(repository, text.apply("repository"), where + ", externalParameters.workflow");
      add(ref, text.apply("ref"), where + ", externalParameters.workflow");
      add(workflow, text.apply("path"), where + ", externalParameters.workflow");
    }
    for (ResourceDescriptor dependency : provenance.buildDefinition().resolvedDependencies()) {
      add(
          sourceCommit,
          dependency.digest().get(ResourceDescriptor.GIT_COMMIT),
          where + ", resolvedDependencies " + dependency.uri());
    }
    add(builderId, provenance.runDetails().builder().id(), where + ", runDetails.builder.id");
  }

  private static void add(List<Observation> into, String value, String where) {
    if (value != null && !value.isEmpty()) {
      into.add(new Observation(value, where));
    }
  }

  /**
   * {@code https://github.com/acme/widget/.github/workflows/release.yml@refs/heads/main} → path.
   */
  static String workflowPath(String signerUri) {
    String withoutRef =
        signerUri.contains("@") ? signerUri.substring(0, signerUri.lastIndexOf('@')) : signerUri;
    String withoutScheme = withoutRef.replaceFirst("^[a-z+]+://", "");
    String[] parts = withoutScheme.split("/", 4); // host, owner, repository, path
    return parts.length == 4 ? parts[3] : withoutRef;
  }
}
