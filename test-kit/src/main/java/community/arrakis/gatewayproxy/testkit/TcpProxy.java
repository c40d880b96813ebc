package community.arrakis.gatewayproxy.testkit;

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

/**
 * A TCP relay between a client under test and a real server, so a test can cut the connections
 * (and refuse new ones) of that one client without touching anybody else's, or silence the
 * server's replies to make messages stay unconfirmed.
 */
public final class TcpProxy implements AutoCloseable {

    private static final int ACCEPT_BACKLOG = 1024;

    private final String upstreamHost;
    private final int upstreamPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile int port;
    private volatile boolean repliesSilenced;

    private TcpProxy(String upstreamHost, int upstreamPort) {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
    }

    public static TcpProxy start(String upstreamHost, int upstreamPort) throws IOException {
        TcpProxy proxy = new TcpProxy(upstreamHost, upstreamPort);
        proxy.listen(0);
        return proxy;
    }

    /** For an {@code amqp://user:pass@host:port/vhost} URL: a proxy to it, see {@link #rewrite}. */
    public static TcpProxy forAmqpUrl(String amqpUrl) throws IOException {
        URI uri = URI.create(amqpUrl);
        return start(uri.getHost(), uri.getPort() < 0 ? 5672 : uri.getPort());
    }

    /** The same URL, pointed at this proxy. */
    public String rewrite(String url) {
        URI uri = URI.create(url);
        return url.replaceFirst("@" + java.util.regex.Pattern.quote(uri.getHost()) + "(:\\d+)?", "@127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Closes every relayed connection and refuses new ones until {@link #restore()}. */
    public void cut() throws IOException {
        ServerSocket current = server;
        server = null;
        if (current != null) {
            current.close();
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    public void restore() throws IOException {
        listen(port);
    }

    /** Drops everything the server sends from now on (the client sees a silent server). */
    public void silenceReplies() {
        repliesSilenced = true;
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private void listen(int wantedPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        // The JDK's default backlog of 50 drops the connects of a burst (an HTTP/1.1 client sending
        // a hundred held requests at once), and a dropped SYN costs the client a 1 s retransmit.
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort), ACCEPT_BACKLOG);
        port = socket.getLocalPort();
        repliesSilenced = false;
        server = socket;
        Thread.ofVirtual().name("tcp-proxy-accept-" + port).start(() -> accept(socket));
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                sockets.add(client);
                Thread.ofVirtual().start(() -> relay(client)); // connecting upstream does not hold up the next accept
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        Socket upstream;
        try {
            upstream = new Socket(upstreamHost, upstreamPort);
        } catch (IOException e) {
            closeQuietly(client);
            sockets.remove(client);
            return;
        }
        sockets.add(upstream);
        if (client.isClosed()) { // cut meanwhile
            closeQuietly(upstream);
            sockets.remove(upstream);
            return;
        }
        Thread.ofVirtual().start(() -> pump(client, upstream, false));
        pump(upstream, client, true);
    }

    private void pump(Socket from, Socket to, boolean replies) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (replies && repliesSilenced) {
                    continue;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: close the other
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
