package io.gregor.broker.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses.Partitions;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.Records;
import io.gregor.core.log.FileRecords;
import io.gregor.coordination.zk.EndPoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZeroCopyResponseTest {
    @TempDir
    Path dir;

    private static MemoryRecords batch(long baseOffset, int count, String prefix) {
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.builder(Compression.NONE, baseOffset);
        for (int i = 0; i < count; i++) {
            builder.append(1_000L + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
                    (prefix + "-value-" + i).repeat(20).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] array = new byte[buffer.remaining()];
        buffer.duplicate().get(array);
        return array;
    }

    @Test
    void fileRecordsSliceInAResponseArrivesIntact() throws Exception {
        MemoryRecords first = batch(0, 10, "a");
        MemoryRecords second = batch(10, 25, "b");
        MemoryRecords third = batch(35, 5, "c");
        try (FileRecords segment = FileRecords.open(dir.resolve("00000000000000000000.log"))) {
            segment.append(first);
            segment.append(second);
            segment.append(third);
            FileRecords slice = segment.slice(first.sizeInBytes(), second.sizeInBytes());

            ApiHandlerRegistry registry = new ApiHandlerRegistry();
            registry.register(ApiKey.FETCH, (ctx, request) -> {
                Struct response = ApiMessages.response(ApiKey.FETCH).newStruct();
                Struct partition = response.addElement(FetchResponse.RESPONSES).set(Responses.TOPIC, "t")
                        .addElement(Responses.PARTITIONS)
                        .set(Partitions.PARTITION_INDEX, 0).set(Partitions.HIGH_WATERMARK, 40L);
                partition.set(Partitions.RECORDS, slice);
                return CompletableFuture.completedFuture(response);
            });
            SocketServer server = new SocketServer(new SocketServerSettings(
                    List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 0, "PLAINTEXT")), 1 << 20, 2, 1, -1, 5_000), registry);
            server.startup();
            try (KafkaConnection conn = KafkaConnection.connect(server.boundAddress("PLAINTEXT"), "c", 5_000)) {
                for (int round = 0; round < 3; round++) {
                    Struct response = conn.send(ApiKey.FETCH, (short) 12, ApiMessages.request(ApiKey.FETCH).newStruct());
                    Struct partition = response.getStructs(FetchResponse.RESPONSES).get(0).getStructs(Responses.PARTITIONS).get(0);
                    Records records = partition.getRecords(Partitions.RECORDS);
                    MemoryRecords received = (MemoryRecords) records;
                    assertArrayEquals(bytes(second.buffer()), bytes(received.buffer()));
                    List<Long> offsets = new ArrayList<>();
                    for (RecordBatch b : received.batches()) {
                        offsets.add(b.baseOffset());
                        offsets.add(b.lastOffset());
                    }
                    assertEquals(List.of(10L, 34L), offsets);
                }
            } finally {
                server.shutdown();
            }
            // the log's channel stays open after the response released its file region
            assertEquals(first.sizeInBytes() + second.sizeInBytes() + third.sizeInBytes(), segment.channel().size());
        }
    }

    @Test
    void aConnectionReusingItsResponseBufferReadsResponsesOfEverySizeIntact() throws Exception {
        List<MemoryRecords> batches = List.of(batch(0, 10, "a"), batch(10, 60, "b"), batch(70, 2, "c"));
        ApiHandlerRegistry registry = new ApiHandlerRegistry();
        registry.register(ApiKey.FETCH, (ctx, request) -> {
            Struct response = ApiMessages.response(ApiKey.FETCH).newStruct();
            response.addElement(FetchResponse.RESPONSES).set(Responses.TOPIC, "t").addElement(Responses.PARTITIONS)
                    .set(Partitions.PARTITION_INDEX, 0)
                    .set(Partitions.HIGH_WATERMARK, 72L)
                    .set(Partitions.RECORDS, batches.get(request.getInt(FetchRequest.MAX_WAIT_MS)));
            return CompletableFuture.completedFuture(response);
        });
        SocketServer server = new SocketServer(new SocketServerSettings(
                List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 0, "PLAINTEXT")), 1 << 20, 2, 1, -1, 5_000), registry);
        server.startup();
        try (KafkaConnection conn = KafkaConnection.connect(server.boundAddress("PLAINTEXT"), "c", 5_000)
                .reusingResponseBuffer()) {
            // small, larger (the buffer grows), smaller (it is reused), and back
            for (int which : new int[] {0, 1, 2, 0, 1, 2, 2, 1}) {
                Struct response = conn.send(ApiKey.FETCH, (short) 12,
                        ApiMessages.request(ApiKey.FETCH).newStruct().set(FetchRequest.MAX_WAIT_MS, which));
                MemoryRecords received = (MemoryRecords) response.getStructs(FetchResponse.RESPONSES).get(0)
                        .getStructs(Responses.PARTITIONS).get(0).getRecords(Partitions.RECORDS);
                assertArrayEquals(bytes(batches.get(which).buffer()), bytes(received.buffer()), "response " + which);
            }
        } finally {
            server.shutdown();
        }
    }
}
