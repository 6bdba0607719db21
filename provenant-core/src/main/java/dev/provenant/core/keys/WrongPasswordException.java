package dev.provenant.core.keys;

/**
 * Thrown when an encrypted key does not open with the password given. NaCl secretbox cannot tell a
 * wrong password from a ciphertext changed after it was written, so the message mentions both; a
 * file that is malformed in a way that can be seen without the password is an {@link
 * InvalidKeyException} instead.
 */
public final class WrongPasswordException extends Exception {
  private final String what;

  /**
   * @param what the key that did not open, as the user knows it: a file name or "the private key"
   */
  public WrongPasswordException(String what) {
    super(
        "wrong password for "
            + what
            + ": the key could not be decrypted (or the file was changed after it was written)");
    this.what = what;
  }

  /** The key that did not open, as given to the constructor. */
  public String what() {
    return what;
  }
}
