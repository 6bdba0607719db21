package dev.provenant.core.bundle;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Sigstore bundle versions Provenant reads. v0.3 has two spellings: the original {@code
 * +json;version=0.3} and the later {@code .v0.3+json}; they mean the same format.
 *
 * @see <a
 *     href="https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_bundle.proto">protobuf-specs
 *     sigstore_bundle.proto</a>
 */
public enum BundleMediaType {
  V0_1("application/vnd.dev.sigstore.bundle+json;version=0.1"),
  V0_2("application/vnd.dev.sigstore.bundle+json;version=0.2"),
  V0_3_LEGACY("application/vnd.dev.sigstore.bundle+json;version=0.3"),
  V0_3("application/vnd.dev.sigstore.bundle.v0.3+json");

  private final String value;

  BundleMediaType(String value) {
    this.value = value;
  }

  /** The media type string, as written in the bundle's {@code mediaType} field. */
  public String value() {
    return value;
  }

  public static Optional<BundleMediaType> of(String value) {
    return Arrays.stream(values()).filter(m -> m.value.equals(value)).findFirst();
  }

  /** v0.2 and later require an inclusion proof for every log entry; v0.1 accepts a SET alone. */
  public boolean requiresInclusionProof() {
    return this != V0_1;
  }

  /** v0.3 carries a single leaf certificate ({@code certificate}), not a chain. */
  public boolean isV03() {
    return this == V0_3 || this == V0_3_LEGACY;
  }

  @Override
  public String toString() {
    return value;
  }
}
