package dev.consentkit.servlet.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on the loopback address in front of a local server (the test's PostgreSQL), that a
 * test can make slow or take down: {@link #stall()} keeps every connection open but forwards
 * nothing (a database that hangs), {@link #down()} cuts every connection and refuses new ones (a
 * database that is gone), {@link #up()} brings it back.
 */
final class StallableProxy implements AutoCloseable {

    private enum Mode { UP, STALLED, DOWN }

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile Mode mode = Mode.UP;
    private volatile boolean closed;

    StallableProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "stallable-proxy-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections stay open, nothing is forwarded. */
    void stall() {
        mode = Mode.STALLED;
    }

    /** Every connection is cut; new ones are closed at once. */
    void down() {
        mode = Mode.DOWN;
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
        synchronized (gate) {
            gate.notifyAll();
        }
    }

    void up() {
        mode = Mode.UP;
        synchronized (gate) {
            gate.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (mode == Mode.DOWN) {
                    closeQuietly(client);
                    continue;
                }
                Socket target = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(target);
                pump(client, target);
                pump(target, client);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    awaitForwarding();
                    if (from.isClosed() || to.isClosed()) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // cut by down() or close()
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "stallable-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void awaitForwarding() throws InterruptedException, IOException {
        synchronized (gate) {
            while (mode == Mode.STALLED && !closed) {
                gate.wait(100);
            }
        }
        if (mode == Mode.DOWN) {
            throw new IOException("proxy down");
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        up();
        server.close();
        for (Socket s : open) {
            closeQuietly(s);
        }
    }
}
