package io.gregor.broker.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.Struct;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/** A test client writing arbitrary bytes and reading response frames, for pipelining and bad input. */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawClient(InetSocketAddress address) throws IOException {
        this(address, -1);
    }

    /** A client whose socket receive buffer is {@code receiveBufferBytes} (-1: the OS default). */
    RawClient(InetSocketAddress address, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(address, 5_000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void sendRequest(ApiKey apiKey, short version, int correlationId, Struct body) throws IOException {
        ByteBuffer frame = new RequestHeader(apiKey.id, version, correlationId, "raw-client")
                .writeWithBody(body).withSizePrefix().toByteBuffer();
        sendBytes(frame);
    }

    /** The read timeout of {@link #readFrame()} and {@link #closedByServer()}. */
    void soTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    void sendBytes(ByteBuffer bytes) throws IOException {
        byte[] array = new byte[bytes.remaining()];
        bytes.duplicate().get(array);
        out.write(array);
        out.flush();
    }

    /** Reads one response frame (without its size prefix). */
    ByteBuffer readFrame() throws IOException {
        int size = in.readInt();
        byte[] frame = new byte[size];
        in.readFully(frame);
        return ByteBuffer.wrap(frame);
    }

    /** True when the server closed the connection (end of stream) before the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
