package dev.provenant.oci.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.reference.ImageReference;
import dev.provenant.core.reference.InvalidReferenceException;
import org.junit.jupiter.api.Test;

class CosignTagsTest {
  // The example of cosign's SIGNATURE_SPEC, "Tag-based Discovery".
  private static final String HEX =
      "97fc222cee7991b5b061d4d4afdb5f3428fcb0c9054e1690313786befa1e4e36";

  @Test
  void encodesTheDigestAsTheSpecExampleDoes() throws Exception {
    Digest digest = Digest.parse("sha256:" + HEX);

    assertThat(CosignTags.signatureTag(digest)).isEqualTo("sha256-" + HEX + ".sig");
    assertThat(CosignTags.attestationTag(digest)).isEqualTo("sha256-" + HEX + ".att");
    assertThat(CosignTags.sbomTag(digest)).isEqualTo("sha256-" + HEX + ".sbom");
    assertThat(
            CosignTags.signatureReference(
                    ImageReference.parse("gcr.io/dlorenc-vmtest2/demo:latest"), digest, null)
                .toString())
        .isEqualTo("gcr.io/dlorenc-vmtest2/demo:sha256-" + HEX + ".sig");
  }

  @Test
  void theCosignRepositoryReplacesTheImagesRepositoryAndIsNormalisedAsCosignDoes()
      throws Exception {
    Digest digest = Digest.parse("sha256:" + HEX);
    ImageReference image = ImageReference.parse("registry.example/app@sha256:" + HEX);

    assertThat(CosignTags.signatureReference(image, digest, "sigs").toString())
        .isEqualTo("docker.io/library/sigs:sha256-" + HEX + ".sig");
    assertThat(CosignTags.signatureReference(image, digest, "other.example:5000/team/sigs").name())
        .isEqualTo("other.example:5000/team/sigs");
    assertThat(CosignTags.signatureReference(image, digest, " ").name())
        .isEqualTo("registry.example/app");
  }

  @Test
  void refusesACosignRepositoryWithATagOrDigest() throws Exception {
    Digest digest = Digest.parse("sha256:" + HEX);
    ImageReference image = ImageReference.parse("registry.example/app@sha256:" + HEX);

    assertThatThrownBy(() -> CosignTags.signatureReference(image, digest, "r.example/sigs:v1"))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining("no tag or digest");
    assertThatThrownBy(
            () -> CosignTags.signatureReference(image, digest, "r.example/sigs@sha256:" + HEX))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining("remove the digest");
  }
}
