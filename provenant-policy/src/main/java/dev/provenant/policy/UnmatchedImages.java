package dev.provenant.policy;

/**
 * What happens to an image no policy matches (a {@code kind: PolicySettings} document's {@code
 * spec.unmatchedImages}). Deny by default: an image nobody wrote a policy for has shown nothing.
 */
public enum UnmatchedImages {
  DENY,
  ALLOW
}
