package dev.enlightened.signal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A doorbell between processes over a Unix domain socket (java.nio, JDK 16+). A ring is one byte; the waiting end
 * drains every byte that arrived, so rings coalesce. Writes are non-blocking: if the socket buffer is full the
 * peer already has unread rings, so dropping this one loses nothing.
 */
public final class UnixSocketDoorbell implements Doorbell {

    private static final int DRAIN_BYTES = 256;
    private static final long RETRY_MILLIS = 5;

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer one = ByteBuffer.allocateDirect(1);
    private final ByteBuffer drain = ByteBuffer.allocateDirect(DRAIN_BYTES);
    private final AtomicLong rings = new AtomicLong();
    private volatile boolean peerGone;

    private UnixSocketDoorbell(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    /**
     * Binds {@code socketPath}, waits for one peer to connect, and returns this side's end. The socket file is
     * removed once the peer is connected.
     *
     * @throws IOException if binding fails or no peer connects within the timeout
     */
    public static UnixSocketDoorbell accept(Path socketPath, long timeoutNanos) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socketPath);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             Selector acceptSelector = Selector.open()) {
            server.bind(address);
            server.configureBlocking(false);
            server.register(acceptSelector, SelectionKey.OP_ACCEPT);
            long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
            if (acceptSelector.select(millis) == 0) {
                throw new IOException("no peer connected to doorbell: socket=" + socketPath + " timeout_ms="
                        + millis);
            }
            SocketChannel peer = server.accept();
            if (peer == null) {
                throw new IOException("doorbell accept found no peer: socket=" + socketPath);
            }
            return new UnixSocketDoorbell(peer);
        } finally {
            Files.deleteIfExists(socketPath);
        }
    }

    /**
     * Connects to a peer that is {@linkplain #accept accepting} on {@code socketPath}.
     *
     * @throws IOException if the connection fails
     */
    public static UnixSocketDoorbell connect(Path socketPath) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socketPath));
            return new UnixSocketDoorbell(channel);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Connects to a peer that may not be accepting yet, retrying until {@code timeoutNanos} passes (the socket
     * file appears at bind, a moment before the peer listens).
     *
     * @throws IOException naming the socket if no connection succeeds in time
     * @throws InterruptedException if interrupted between attempts
     */
    public static UnixSocketDoorbell connect(Path socketPath, long timeoutNanos)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            try {
                return connect(socketPath);
            } catch (IOException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("cannot connect doorbell: socket=" + socketPath + " cause="
                            + e.getMessage(), e);
                }
            }
            Thread.sleep(RETRY_MILLIS);
        }
    }

    @Override
    public void ring() {
        rings.incrementAndGet();
        one.clear();
        one.put(0, (byte) 1);
        try {
            channel.write(one);
        } catch (IOException e) {
            peerGone = true;
            throw new UncheckedIOException("doorbell peer unreachable: socket_open=" + channel.isOpen(), e);
        }
    }

    @Override
    public boolean await(long timeoutNanos) throws InterruptedException {
        try {
            if (drainAvailable()) {
                return true;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
            if (millis <= 0) {
                return false;
            }
            selector.select(millis);
            selector.selectedKeys().clear();
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while awaiting a doorbell");
            }
            return drainAvailable();
        } catch (IOException e) {
            peerGone = true;
            return false;
        }
    }

    private boolean drainAvailable() throws IOException {
        boolean rang = false;
        while (true) {
            drain.clear();
            int n = channel.read(drain);
            if (n < 0) {
                peerGone = true;
                return rang;
            }
            if (n == 0) {
                return rang;
            }
            rang = true;
        }
    }

    /** True once the peer closed its end (awaits then return false at once). */
    public boolean peerGone() {
        return peerGone;
    }

    @Override
    public long rings() {
        return rings.get();
    }

    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing doorbell failed", e);
        }
    }
}
