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
import io.gregor.clients.protocol.schemas.ApiVersionsResponse;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse.ApiKeys;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.InitProducerIdResponse;
import io.gregor.clients.protocol.schemas.MetadataRequest;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import io.gregor.clients.protocol.schemas.MetadataResponse.Brokers;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses.PartitionResponses;
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
            Struct resp = ApiMessages.response(ApiKey.METADATA).newStruct()
                    .set(MetadataResponse.CLUSTER_ID, "scripted-cluster")
                    .set(MetadataResponse.CONTROLLER_ID, NODE_ID);
            resp.addElement(MetadataResponse.BROKERS).set(Brokers.NODE_ID, NODE_ID).set(Brokers.HOST, "127.0.0.1")
                    .set(Brokers.PORT, port());
            List<Struct> asked = req.getStructs(MetadataRequest.TOPICS);
            List<String> names = asked == null ? List.copyOf(partitionsByTopic.keySet())
                    : asked.stream().map(t -> t.getString(MetadataRequest.Topics.NAME)).toList();
            for (String name : names) {
                Struct ts = resp.addElement(MetadataResponse.TOPICS).set(MetadataResponse.Topics.NAME, name);
                Integer partitions = partitionsByTopic.get(name);
                if (partitions == null) {
                    ts.set(MetadataResponse.Topics.ERROR_CODE, Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                ts.set(MetadataResponse.Topics.TOPIC_ID, UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
                for (int p = 0; p < partitions; p++) {
                    ts.addElement(MetadataResponse.Topics.PARTITIONS)
                            .set(MetadataResponse.Topics.Partitions.PARTITION_INDEX, p)
                            .set(MetadataResponse.Topics.Partitions.LEADER_ID, NODE_ID)
                            .set(MetadataResponse.Topics.Partitions.LEADER_EPOCH, 0)
                            .set(MetadataResponse.Topics.Partitions.REPLICA_NODES, List.of(NODE_ID))
                            .set(MetadataResponse.Topics.Partitions.ISR_NODES, List.of(NODE_ID));
                }
            }
            return resp;
        });
    }

    /** Answers every Fetch with no records for the first partition asked (high watermark 0). */
    public ScriptedBroker withEmptyFetches() {
        return on(ApiKey.FETCH, (h, req) -> {
            Struct resp = ApiMessages.response(ApiKey.FETCH).newStruct();
            Struct topic = req.getStructs(FetchRequest.TOPICS).get(0);
            resp.addElement(FetchResponse.RESPONSES)
                    .set(FetchResponse.Responses.TOPIC, topic.getString(FetchRequest.Topics.TOPIC))
                    .set(FetchResponse.Responses.TOPIC_ID, topic.getUuid(FetchRequest.Topics.TOPIC_ID))
                    .addElement(FetchResponse.Responses.PARTITIONS)
                    .set(FetchResponse.Responses.Partitions.PARTITION_INDEX,
                            topic.getStructs(FetchRequest.Topics.PARTITIONS).get(0).getInt(FetchRequest.Topics.Partitions.PARTITION))
                    .set(FetchResponse.Responses.Partitions.HIGH_WATERMARK, 0L)
                    .set(FetchResponse.Responses.Partitions.LAST_STABLE_OFFSET, 0L)
                    .set(FetchResponse.Responses.Partitions.LOG_START_OFFSET, 0L);
            return resp;
        });
    }

    /** Answers InitProducerId with a new producer id each time (1000, 1001, ...), epoch 0. */
    public ScriptedBroker withProducerIds() {
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong(1000);
        return on(ApiKey.INIT_PRODUCER_ID, (h, r) -> ApiMessages.response(ApiKey.INIT_PRODUCER_ID).newStruct()
                .set(InitProducerIdResponse.PRODUCER_ID, next.getAndIncrement())
                .set(InitProducerIdResponse.PRODUCER_EPOCH, (short) 0));
    }

    /** A Produce response for one partition of one topic: {@code error}, and {@code baseOffset} when NONE. */
    public static Struct produceResponse(String topic, int partition, Errors error, long baseOffset) {
        Struct resp = ApiMessages.response(ApiKey.PRODUCE).newStruct();
        resp.addElement(ProduceResponse.RESPONSES).set(Responses.NAME, topic).addElement(Responses.PARTITION_RESPONSES)
                .set(PartitionResponses.INDEX, partition)
                .set(PartitionResponses.ERROR_CODE, error.code())
                .set(PartitionResponses.BASE_OFFSET, error == Errors.NONE ? baseOffset : -1L);
        return resp;
    }

    /** An ApiVersions response listing each handled API with Gregor's full version range. */
    public Struct apiVersionsResponse() {
        Struct resp = ApiMessages.response(ApiKey.API_VERSIONS).newStruct();
        for (ApiKey k : handlers.keySet()) {
            resp.addElement(ApiVersionsResponse.API_KEYS).set(ApiKeys.API_KEY, k.id)
                    .set(ApiKeys.MIN_VERSION, k.minVersion).set(ApiKeys.MAX_VERSION, k.maxVersion);
        }
        if (!handlers.containsKey(ApiKey.API_VERSIONS)) {
            ApiKey k = ApiKey.API_VERSIONS;
            resp.addElement(ApiVersionsResponse.API_KEYS).set(ApiKeys.API_KEY, k.id)
                    .set(ApiKeys.MIN_VERSION, k.minVersion).set(ApiKeys.MAX_VERSION, k.maxVersion);
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
                if (key == ApiKey.API_VERSIONS && response.getShort(ApiVersionsResponse.ERROR_CODE) != 0) {
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
