package dev.provenant.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * A TCP proxy on a loopback port that holds every new connection for a while before forwarding it
 * to {@code target}: a registry that answers, but too slowly.
 */
final class DelayingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final Duration delay;

  DelayingProxy(int targetPort, Duration delay) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.delay = delay;
    Thread.ofVirtual().start(this::accept);
  }

  /** {@code 127.0.0.1:PORT}, as a registry name. */
  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread.ofVirtual().start(() -> forward(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void forward(Socket client) {
    try (client;
        Socket upstream = delayedConnect()) {
      Thread back = Thread.ofVirtual().start(() -> pump(upstream, client));
      pump(client, upstream);
      back.join();
    } catch (IOException | InterruptedException e) {
      // The client gave up, or the proxy is closing.
    }
  }

  private Socket delayedConnect() throws IOException, InterruptedException {
    Thread.sleep(delay);
    return new Socket(InetAddress.getLoopbackAddress(), targetPort);
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // One side closed.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
