package dev.provenant.oci.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestRegistry} started once per test class:
 *
 * <pre>{@code
 * @RegisterExtension static final RegistryExtension REGISTRY = new RegistryExtension();
 * ... REGISTRY.address() ...
 * }</pre>
 */
public final class RegistryExtension implements BeforeAllCallback, AfterAllCallback {
  private TestRegistry registry;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    registry = TestRegistry.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (registry != null) {
      registry.close();
      registry = null;
    }
  }

  /** The running registry. */
  public TestRegistry registry() {
    if (registry == null) {
      throw new IllegalStateException("the registry runs only while the test class runs");
    }
    return registry;
  }

  /** {@code 127.0.0.1:PORT}. */
  public String address() {
    return registry().address();
  }
}
