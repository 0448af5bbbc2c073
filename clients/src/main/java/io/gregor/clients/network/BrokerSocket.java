package io.gregor.clients.network;

import io.gregor.clients.protocol.EncodedMessage;
import io.gregor.clients.security.ClientSecurity;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The byte stream of one blocking client connection: a plain socket channel (records are written
 * with {@code transferTo} where they come from a file), or a TLS socket ({@code security.protocol}
 * SSL or SASL_SSL, see {@link ClientSecurity}). Writes whole size-prefixed messages and reads whole
 * buffers. One writer and one reader at a time.
 */
public final class BrokerSocket implements Closeable {
    private static final int TLS_WRITE_BUFFER = 64 * 1024;

    private final Socket socket;
    private final SocketChannel channel; // null over TLS
    private final InputStream in;
    private final OutputStream out;       // null without TLS
    private final WritableByteChannel outChannel;

    private BrokerSocket(Socket socket, SocketChannel channel, OutputStream out) throws IOException {
        this.socket = socket;
        this.channel = channel;
        this.in = socket.getInputStream();
        this.out = out;
        this.outChannel = channel != null ? channel : Channels.newChannel(out);
    }

    /** Connects within {@code connectTimeoutMs} (and, with TLS, completes the handshake within it too). */
    public static BrokerSocket connect(InetSocketAddress address, int connectTimeoutMs, ClientSecurity security)
            throws IOException {
        return connect(null, address, connectTimeoutMs, security);
    }

    /** As above, from {@code localAddress} (null: any). */
    public static BrokerSocket connect(InetSocketAddress localAddress, InetSocketAddress address, int connectTimeoutMs,
                                       ClientSecurity security) throws IOException {
        InetSocketAddress resolved = address.isUnresolved()
                ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
        if (!security.usesTls()) {
            SocketChannel channel = SocketChannel.open();
            try {
                if (localAddress != null) {
                    channel.bind(localAddress);
                }
                channel.socket().connect(resolved, connectTimeoutMs);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                return new BrokerSocket(channel.socket(), channel, null);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
        Socket plain = new Socket();
        try {
            if (localAddress != null) {
                plain.bind(localAddress);
            }
            plain.connect(resolved, connectTimeoutMs);
            plain.setTcpNoDelay(true);
            Socket tls = security.wrap(plain, address.getHostString(), address.getPort(), connectTimeoutMs);
            return new BrokerSocket(tls, null, new BufferedOutputStream(tls.getOutputStream(), TLS_WRITE_BUFFER));
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** Writes a whole (size-prefixed) message. */
    public void write(EncodedMessage message) throws IOException {
        for (EncodedMessage.Part part : message.parts()) {
            if (part instanceof EncodedMessage.BufferPart bp) {
                ByteBuffer buf = bp.buffer().duplicate();
                while (buf.hasRemaining()) {
                    outChannel.write(buf);
                }
            } else if (part instanceof EncodedMessage.RecordsPart rp) {
                long written = 0;
                int size = rp.records().sizeInBytes();
                while (written < size) {
                    written += rp.records().writeTo(outChannel, written, (int) (size - written));
                }
            }
        }
        if (out != null) {
            out.flush();
        }
    }

    /** Fills {@code buf}; honours the read timeout ({@link java.net.SocketTimeoutException}). */
    public void readFully(ByteBuffer buf) throws IOException {
        // a blocking channel ignores SO_TIMEOUT; the socket's stream honours it
        if (channel != null && socket.getSoTimeout() == 0) {
            while (buf.hasRemaining()) {
                if (channel.read(buf) < 0) {
                    throw new EOFException("connection closed by " + socket.getRemoteSocketAddress());
                }
            }
            return;
        }
        while (buf.hasRemaining()) {
            int n = in.read(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
            if (n < 0) {
                throw new EOFException("connection closed by " + socket.getRemoteSocketAddress());
            }
            buf.position(buf.position() + n);
        }
    }

    /** Gives up a read after {@code ms} (0: never). */
    public void setReadTimeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    public boolean isConnected() {
        return socket.isConnected() && !socket.isClosed();
    }

    public java.net.SocketAddress remoteAddress() {
        return socket.getRemoteSocketAddress();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
