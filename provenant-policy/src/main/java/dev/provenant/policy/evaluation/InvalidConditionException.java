package dev.provenant.policy.evaluation;

/** A CEL condition in a policy that cannot be compiled. */
public final class InvalidConditionException extends Exception {
  public InvalidConditionException(String message) {
    super(message);
  }
}
