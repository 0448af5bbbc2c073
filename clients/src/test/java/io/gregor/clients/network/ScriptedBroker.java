package io.gregor.clients.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.EncodedMessage;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.ResponseHeader;
import io.gregor.clients.protocol.Struct;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A Kafka-protocol server on a loopback ephemeral port for client tests: decodes each request with
 * Gregor's codec and answers with whatever the test's handler for that API returns (null: no
 * response). ApiVersions is answered from the registered handlers unless a test registers its own.
 * Every request is recorded in order for assertions.
 */
public final class ScriptedBroker implements Closeable {
    public record Received(RequestHeader header, Struct body) {
    }

    private final ServerSocket server;
    private final Map<ApiKey, BiFunction<RequestHeader, Struct, Struct>> handlers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public ScriptedBroker() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "scripted-broker-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String bootstrap() {
        return "127.0.0.1:" + port();
    }

    public ScriptedBroker on(ApiKey key, BiFunction<RequestHeader, Struct, Struct> handler) {
        handlers.put(key, handler);
        return this;
    }

    public List<Received> received() {
        return received;
    }

    public List<Received> received(ApiKey key) {
        return received.stream().filter(r -> r.header.apiKey() == key.id).toList();
    }

    /** The node id this broker gives itself in {@link #withTopics} metadata. */
    public static final int NODE_ID = 1;

    /**
     * Answers Metadata as a one-node cluster ("scripted-cluster", node and controller {@link #NODE_ID}
     * at this broker's address) holding the given topics (name to partition count), each partition led
     * by this node; a topic not in the map is answered UNKNOWN_TOPIC_OR_PARTITION. Topic ids are fixed per name.
     */
    public ScriptedBroker withTopics(Map<String, Integer> partitionsByTopic) {
        return on(ApiKey.METADATA, (h, req) -> {
            Struct resp = ApiMessages.response(ApiKey.METADATA).newStruct().set("ClusterId", "scripted-cluster")
                    .set("ControllerId", NODE_ID);
            resp.addElement("Brokers").set("NodeId", NODE_ID).set("Host", "127.0.0.1").set("Port", port());
            List<Struct> asked = req.getStructs("Topics");
            List<String> names = asked == null ? List.copyOf(partitionsByTopic.keySet())
                    : asked.stream().map(t -> t.getString("Name")).toList();
            for (String name : names) {
                Struct ts = resp.addElement("Topics").set("Name", name);
                Integer partitions = partitionsByTopic.get(name);
                if (partitions == null) {
                    ts.set("ErrorCode", Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                ts.set("TopicId", UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
                for (int p = 0; p < partitions; p++) {
                    ts.addElement("Partitions").set("PartitionIndex", p).set("LeaderId", NODE_ID).set("LeaderEpoch", 0)
                            .set("ReplicaNodes", List.of(NODE_ID)).set("IsrNodes", List.of(NODE_ID));
                }
            }
            return resp;
        });
    }

    /** Answers every Fetch with no records for the first partition asked (high watermark 0). */
    public ScriptedBroker withEmptyFetches() {
        return on(ApiKey.FETCH, (h, req) -> {
            Struct resp = ApiMessages.response(ApiKey.FETCH).newStruct();
            Struct topic = req.getStructs("Topics").get(0);
            resp.addElement("Responses").set("Topic", topic.getString("Topic")).set("TopicId", topic.getUuid("TopicId"))
                    .addElement("Partitions").set("PartitionIndex", topic.getStructs("Partitions").get(0).getInt("Partition"))
                    .set("HighWatermark", 0L).set("LastStableOffset", 0L).set("LogStartOffset", 0L);
            return resp;
        });
    }

    /** Answers InitProducerId with a new producer id each time (1000, 1001, ...), epoch 0. */
    public ScriptedBroker withProducerIds() {
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong(1000);
        return on(ApiKey.INIT_PRODUCER_ID, (h, r) -> ApiMessages.response(ApiKey.INIT_PRODUCER_ID).newStruct()
                .set("ProducerId", next.getAndIncrement()).set("ProducerEpoch", 0));
    }

    /** A Produce response for one partition of one topic: {@code error}, and {@code baseOffset} when NONE. */
    public static Struct produceResponse(String topic, int partition, Errors error, long baseOffset) {
        Struct resp = ApiMessages.response(ApiKey.PRODUCE).newStruct();
        resp.addElement("Responses").set("Name", topic).addElement("PartitionResponses").set("Index", partition)
                .set("ErrorCode", error.code()).set("BaseOffset", error == Errors.NONE ? baseOffset : -1L);
        return resp;
    }

    /** An ApiVersions response listing each handled API with Gregor's full version range. */
    public Struct apiVersionsResponse() {
        Struct resp = ApiMessages.response(ApiKey.API_VERSIONS).newStruct();
        for (ApiKey k : handlers.keySet()) {
            resp.addElement("ApiKeys").set("ApiKey", k.id).set("MinVersion", k.minVersion).set("MaxVersion", k.maxVersion);
        }
        if (!handlers.containsKey(ApiKey.API_VERSIONS)) {
            ApiKey k = ApiKey.API_VERSIONS;
            resp.addElement("ApiKeys").set("ApiKey", k.id).set("MinVersion", k.minVersion).set("MaxVersion", k.maxVersion);
        }
        return resp;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "scripted-broker-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                int size = in.readInt();
                byte[] frame = new byte[size];
                in.readFully(frame);
                ByteBuffer buf = ByteBuffer.wrap(frame);
                RequestHeader header = RequestHeader.read(buf);
                ApiKey key = ApiKey.forId(header.apiKey());
                Struct body = MessageCodec.read(buf, key, header.apiVersion(), MessageType.REQUEST);
                received.add(new Received(header, body));
                BiFunction<RequestHeader, Struct, Struct> h = handlers.get(key);
                Struct response = h != null ? h.apply(header, body)
                        : key == ApiKey.API_VERSIONS ? apiVersionsResponse() : null;
                if (response == null) {
                    continue;
                }
                short version = header.apiVersion();
                if (key == ApiKey.API_VERSIONS && response.getShort("ErrorCode") != 0) {
                    version = 0;
                }
                EncodedMessage msg = new ResponseHeader(header.correlationId())
                        .writeWithBody(key, version, response).withSizePrefix();
                ByteBuffer bytes = msg.toByteBuffer();
                byte[] arr = new byte[bytes.remaining()];
                bytes.get(arr);
                out.write(arr);
                out.flush();
            }
        } catch (IOException e) {
            // client went away or the broker closed
        }
    }

    /** Drops every open client connection (the server keeps accepting). */
    public void dropConnections() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }
}
