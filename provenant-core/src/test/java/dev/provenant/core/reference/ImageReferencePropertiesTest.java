package dev.provenant.core.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.core.digest.Digest;
import dev.provenant.core.digest.DigestAlgorithm;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Printing a reference and parsing it back gives the same reference. */
class ImageReferencePropertiesTest {

  @Property(tries = 500)
  void parseOfPrintIsIdentity(@ForAll("references") ImageReference reference) throws Exception {
    assertThat(ImageReference.parse(reference.toString())).isEqualTo(reference);
  }

  @Property(tries = 300)
  void familiarFormParsesToTheSameReference(@ForAll("references") ImageReference reference)
      throws Exception {
    assertThat(ImageReference.parse(reference.familiar())).isEqualTo(reference);
  }

  @Property(tries = 200)
  void digestParseOfPrintIsIdentity(@ForAll("digests") Digest digest) throws Exception {
    assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
  }

  @Provide
  Arbitrary<ImageReference> references() {
    Arbitrary<String> tag =
        Combinators.combine(
                Arbitraries.strings()
                    .withCharRange('a', 'z')
                    .withCharRange('A', 'Z')
                    .withCharRange('0', '9')
                    .withChars('_')
                    .ofLength(1),
                Arbitraries.strings()
                    .withCharRange('a', 'z')
                    .withCharRange('0', '9')
                    .withChars('_', '.', '-')
                    .ofMaxLength(127))
            .as((first, rest) -> first + rest)
            .injectNull(0.3);
    Arbitrary<Digest> digest = digests().injectNull(0.5);
    return Combinators.combine(registries(), repositories(), tag, digest)
        .filter((registry, repository, t, d) -> t != null || d != null)
        .filter((registry, repository, t, d) -> registry.length() + 1 + repository.length() <= 255)
        .filter(
            (registry, repository, t, d) ->
                !(registry.equals("docker.io") && repository.indexOf('/') < 0))
        .as(ImageReference::new);
  }

  @Provide
  Arbitrary<Digest> digests() {
    return Arbitraries.of(DigestAlgorithm.values())
        .flatMap(
            algorithm ->
                Arbitraries.strings()
                    .withChars("0123456789abcdef")
                    .ofLength(algorithm.hexLength())
                    .map(hex -> new Digest(algorithm, hex)));
  }

  private Arbitrary<String> registries() {
    Arbitrary<String> label =
        Combinators.combine(
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().alpha().numeric().withChars('-').ofMaxLength(6),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(4))
            .as((a, b, c) -> b.isEmpty() ? a : a + b + c);
    Arbitrary<String> domain = label.list().ofMinSize(2).ofMaxSize(4).map(l -> String.join(".", l));
    Arbitrary<String> port =
        Arbitraries.integers().between(1, 65535).map(p -> ":" + p).injectNull(0.5);
    Arbitrary<String> named = Combinators.combine(domain, port).as((d, p) -> p == null ? d : d + p);
    Arbitrary<String> special =
        Arbitraries.of(
            "localhost",
            "localhost:5000",
            "[::1]:5000",
            "[2001:db8::1]",
            "127.0.0.1:5000",
            "docker.io");
    return Arbitraries.oneOf(named, special);
  }

  private Arbitrary<String> repositories() {
    Arbitrary<String> alnum =
        Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(6);
    Arbitrary<String> separator = Arbitraries.of(".", "_", "__", "-", "--");
    Arbitrary<String> component =
        Combinators.combine(alnum, separator, alnum)
            .as((a, s, b) -> a + s + b)
            .injectDuplicates(0.0);
    Arbitrary<String> part = Arbitraries.oneOf(alnum, component);
    return part.list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(l -> String.join("/", l))
        .filter(r -> !(r.length() == 64 && r.chars().allMatch(c -> Character.digit(c, 16) >= 0)));
  }
}
