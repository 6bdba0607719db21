/**
 * Sigstore's keyless side: verifying bundles whose signatures rest on a Fulcio certificate and a
 * transparency log or timestamp, against a {@code trusted_root.json}, and the clients keyless
 * signing needs. Kept apart from the core because sigstore-java brings a large dependency tree.
 */
package dev.provenant.sigstore;
