package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.EncodedMessage;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.ResponseHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.LeaderAndIsrPartitionState;
import io.gregor.clients.protocol.schemas.LeaderAndIsrResponse;
import io.gregor.clients.protocol.schemas.LeaderAndIsrResponse.LeaderAndIsrPartitionError;
import io.gregor.clients.protocol.schemas.LeaderAndIsrResponse.Topics;
import io.gregor.clients.protocol.schemas.StopReplicaRequest;
import io.gregor.clients.protocol.schemas.StopReplicaRequest.TopicStates.PartitionStates;
import io.gregor.clients.protocol.schemas.StopReplicaResponse;
import io.gregor.clients.protocol.schemas.StopReplicaResponse.PartitionErrors;
import io.gregor.coordination.registry.BrokerRegistration;
import io.gregor.coordination.registry.HeldEndpoints;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.GregorZkClient;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in broker for controller tests: a real socket server on 127.0.0.1 that registers
 * {@code /brokers/ids/<id>} with its own ZooKeeper session, decodes every LeaderAndIsr,
 * UpdateMetadata and StopReplica it gets, records it, and answers with a success response.
 */
final class FakeBroker implements Closeable {

    record Received(ApiKey apiKey, short version, Struct body) {
    }

    final int id;
    private final ServerSocket server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final BrokerRegistration registration;
    private final GregorZkClient zk;
    /** Optional handlers by API, e.g. a controller's ControlledShutdown; other APIs get a success answer. */
    private final Map<ApiKey, java.util.function.BiFunction<Short, Struct, Struct>> handlers =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;
    /** Connections still to be cut right after accept (simulates an unreachable broker). */
    private final java.util.concurrent.atomic.AtomicInteger connectionsToDrop;

    FakeBroker(int id, GregorZkClient zk, String rack) throws IOException {
        this(id, zk, rack, 0);
    }

    FakeBroker(int id, GregorZkClient zk, String rack, int connectionsToDrop) throws IOException {
        this(id, zk, rack, connectionsToDrop, 0, false);
    }

    /**
     * @param port           the port to listen on (0: any free one)
     * @param proveEndpoints register with its bound listener as proof (see {@code HeldEndpoints}), so a
     *                       stale registration with the same endpoint is replaced instead of waited out
     */
    FakeBroker(int id, GregorZkClient zk, String rack, int connectionsToDrop, int port, boolean proveEndpoints)
            throws IOException {
        this.connectionsToDrop = new java.util.concurrent.atomic.AtomicInteger(connectionsToDrop);
        this.id = id;
        this.zk = zk;
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fake-broker-" + id + "-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        BrokerInfo info = BrokerInfo.of(id, List.of(new EndPoint("PLAINTEXT", "127.0.0.1", server.getLocalPort(), "PLAINTEXT")),
                rack, -1, Map.of(), System.currentTimeMillis());
        registration = new BrokerRegistration(zk, info, proveEndpoints
                ? HeldEndpoints.of(info.endpoints(), name -> (java.net.InetSocketAddress) server.getLocalSocketAddress())
                : HeldEndpoints.NONE, e -> { });
        registration.start();
    }

    /** This broker's own ZooKeeper client (its session owns the registration). */
    GregorZkClient zk() {
        return zk;
    }

    /** Serves {@code key} with {@code handler} (version, request) -> response. */
    void serve(ApiKey key, java.util.function.BiFunction<Short, Struct, Struct> handler) {
        handlers.put(key, handler);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Struct> received(ApiKey key) {
        List<Struct> result = new ArrayList<>();
        received.stream().filter(r -> r.apiKey() == key).forEach(r -> result.add(r.body()));
        return result;
    }

    void clearReceived() {
        received.clear();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                if (connectionsToDrop.getAndDecrement() > 0) {
                    socket.close();
                    continue;
                }
                sockets.add(socket);
                Thread reader = new Thread(() -> serve(socket), "fake-broker-" + id + "-conn");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                int size = in.readInt();
                byte[] frame = new byte[size];
                in.readFully(frame);
                ByteBuffer buf = ByteBuffer.wrap(frame);
                RequestHeader header = RequestHeader.read(buf);
                ApiKey key = ApiKey.forId(header.apiKey());
                Struct body = MessageCodec.read(buf, key, header.apiVersion(), MessageType.REQUEST);
                received.add(new Received(key, header.apiVersion(), body));
                var handler = handlers.get(key);
                Struct response = handler != null ? handler.apply(header.apiVersion(), body) : successResponse(key, body);
                EncodedMessage encoded = new ResponseHeader(header.correlationId())
                        .writeWithBody(key, header.apiVersion(), response).withSizePrefix();
                for (EncodedMessage.Part part : encoded.parts()) {
                    ByteBuffer b = ((EncodedMessage.BufferPart) part).buffer().duplicate();
                    byte[] bytes = new byte[b.remaining()];
                    b.get(bytes);
                    out.write(bytes);
                }
                out.flush();
            }
        } catch (IOException e) {
            // connection closed
        }
    }

    /** The answer this broker gives by default: success, per partition where the response has partitions. */
    static Struct successResponse(ApiKey key, Struct request) {
        MessageSpec spec = ApiMessages.response(key);
        Struct response = spec.newStruct().set(spec.errorCodeField(), (short) 0);
        if (key == ApiKey.LEADER_AND_ISR) {
            for (Struct topic : request.getStructs(LeaderAndIsrRequest.TOPIC_STATES)) {
                Struct t = response.addElement(LeaderAndIsrResponse.TOPICS)
                        .set(LeaderAndIsrResponse.Topics.TOPIC_ID,
                                topic.getUuid(LeaderAndIsrRequest.TopicStates.TOPIC_ID));
                for (Struct p : topic.getStructs(LeaderAndIsrRequest.TopicStates.PARTITION_STATES)) {
                    t.addElement(Topics.PARTITION_ERRORS)
                            .set(LeaderAndIsrResponse.LeaderAndIsrPartitionError.PARTITION_INDEX, p.getInt(LeaderAndIsrPartitionState.PARTITION_INDEX))
                            .set(LeaderAndIsrPartitionError.ERROR_CODE, (short) 0);
                }
            }
        } else if (key == ApiKey.STOP_REPLICA) {
            for (Struct topic : request.getStructs(StopReplicaRequest.TOPIC_STATES)) {
                for (Struct p : topic.getStructs(StopReplicaRequest.TopicStates.PARTITION_STATES)) {
                    response.addElement(StopReplicaResponse.PARTITION_ERRORS)
                            .set(StopReplicaResponse.PartitionErrors.TOPIC_NAME,
                                    topic.getString(StopReplicaRequest.TopicStates.TOPIC_NAME))
                            .set(StopReplicaResponse.PartitionErrors.PARTITION_INDEX, p.getInt(PartitionStates.PARTITION_INDEX))
                            .set(PartitionErrors.ERROR_CODE, (short) 0);
                }
            }
        }
        return response;
    }

    /** Leaves the cluster: deregisters and stops serving. */
    @Override
    public void close() {
        closed = true;
        registration.close();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
