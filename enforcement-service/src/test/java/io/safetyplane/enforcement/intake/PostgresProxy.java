package io.safetyplane.enforcement.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.safetyplane.testsupport.PostgresResource;

/**
 * A TCP proxy in the test JVM in front of the test PostgreSQL: {@link #cut()} closes every connection and refuses new
 * ones, as a database that went away; {@link #restore()} listens again on the same port.
 */
final class PostgresProxy {
    private static PostgresProxy instance;

    private final URI upstream = URI.create(PostgresResource.url());
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final int port;
    private volatile ServerSocket server;

    private PostgresProxy() throws IOException {
        port = listen(0);
    }

    static synchronized PostgresProxy instance() {
        if (instance == null) {
            try {
                instance = new PostgresProxy();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /** The reactive URL of the database through the proxy. */
    String url() {
        return "postgresql://127.0.0.1:" + port + upstream.getPath();
    }

    String jdbcUrl() {
        return "jdbc:" + url();
    }

    synchronized void cut() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    synchronized void restore() throws IOException {
        if (server.isClosed()) {
            listen(port);
        }
    }

    private int listen(int at) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), at));
        server = s;
        Thread acceptor = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    Socket db = new Socket(upstream.getHost(), upstream.getPort());
                    sockets.add(client);
                    sockets.add(db);
                    pump(client, db);
                    pump(db, client);
                } catch (IOException closed) {
                    // cut
                }
            }
        }, "postgres-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return s.getLocalPort();
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException closed) {
                // either side went away
            } finally {
                close(from);
                close(to);
            }
        }, "postgres-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
        sockets.remove(s);
    }
}
