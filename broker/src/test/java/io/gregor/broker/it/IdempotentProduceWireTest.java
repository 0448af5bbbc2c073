package io.gregor.broker.it;

import static io.gregor.broker.it.WireRequests.batch;
import static io.gregor.broker.it.WireRequests.connect;
import static io.gregor.broker.it.WireRequests.fetchPartition;
import static io.gregor.broker.it.WireRequests.initProducerId;
import static io.gregor.broker.it.WireRequests.producePartition;
import static io.gregor.broker.it.WireRequests.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.broker.GregorServer;
import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses.Partitions;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses.PartitionResponses;
import io.gregor.clients.record.RecordBatch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idempotent produce over the wire against an in-process broker: a batch replayed with the same
 * producer id, epoch and sequence (a client retry, here from a new connection as after a
 * disconnect) is answered with its original offsets and written once; a sequence gap is refused.
 */
class IdempotentProduceWireTest {
    private static final short ACKS_ALL = -1;

    private static GregorCluster cluster;
    private static int port;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = GregorCluster.start();
        GregorServer broker = cluster.startInProcessBroker(0, Map.of());
        port = broker.boundPort("PLAINTEXT");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aReplayedBatchGetsTheSameBaseOffsetAndIsInTheLogOnce() throws Exception {
        String topic = "idempotent-replay";
        ApacheClients.createTopic("127.0.0.1:" + port, topic, 1);
        long producerId;
        short epoch;
        try (KafkaConnection first = connect(port, "idempotent-1")) {
            long[] idAndEpoch = initProducerId(first);
            producerId = idAndEpoch[0];
            epoch = (short) idAndEpoch[1];
            assertEquals(0L, producePartition(first, ACKS_ALL, topic, 0,
                    batch(producerId, epoch, 0, "a", "b")).getLong(PartitionResponses.BASE_OFFSET));
            Struct second = producePartition(first, ACKS_ALL, topic, 0, batch(producerId, epoch, 2, "c", "d", "e"));
            assertEquals(Errors.NONE.code(), second.getShort(PartitionResponses.ERROR_CODE));
            assertEquals(2L, second.getLong(PartitionResponses.BASE_OFFSET));
        }
        try (KafkaConnection retry = connect(port, "idempotent-1")) {
            Struct replayed = producePartition(retry, ACKS_ALL, topic, 0, batch(producerId, epoch, 2, "c", "d", "e"));
            assertEquals(Errors.NONE.code(), replayed.getShort(PartitionResponses.ERROR_CODE), replayed.toString());
            assertEquals(2L, replayed.getLong(PartitionResponses.BASE_OFFSET),
                    "the duplicate is answered with the original offsets");
            assertEquals(5L, producePartition(retry, ACKS_ALL, topic, 0,
                    batch(producerId, epoch, 5, "f")).getLong(PartitionResponses.BASE_OFFSET));

            Struct fetched = fetchPartition(retry, topic, 0, 0);
            assertEquals(Errors.NONE.code(), fetched.getShort(Partitions.ERROR_CODE));
            assertEquals(6L, fetched.getLong(Partitions.HIGH_WATERMARK));
            assertEquals(List.of("a", "b", "c", "d", "e", "f"), values(fetched.getRecords(Partitions.RECORDS)));
            List<RecordBatch> batches = WireRequests.batches(fetched.getRecords(Partitions.RECORDS));
            assertEquals(List.of(0, 2, 5), batches.stream().map(RecordBatch::baseSequence).toList());
            assertEquals(List.of(producerId), batches.stream().map(RecordBatch::producerId).distinct().toList());
        }
    }

    @Test
    void aSequenceGapIsRefusedAsOutOfOrderAndNotWritten() throws Exception {
        String topic = "idempotent-gap";
        ApacheClients.createTopic("127.0.0.1:" + port, topic, 1);
        try (KafkaConnection conn = connect(port, "idempotent-2")) {
            long[] idAndEpoch = initProducerId(conn);
            long producerId = idAndEpoch[0];
            short epoch = (short) idAndEpoch[1];
            assertEquals(Errors.NONE.code(), producePartition(conn, ACKS_ALL, topic, 0,
                    batch(producerId, epoch, 0, "x", "y")).getShort(PartitionResponses.ERROR_CODE));
            Struct gap = producePartition(conn, ACKS_ALL, topic, 0, batch(producerId, epoch, 5, "z"));
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code(), gap.getShort(PartitionResponses.ERROR_CODE),
                    gap.toString());
            Struct next = producePartition(conn, ACKS_ALL, topic, 0, batch(producerId, epoch, 2, "z"));
            assertEquals(Errors.NONE.code(), next.getShort(PartitionResponses.ERROR_CODE),
                    "the expected sequence is still accepted");
            assertEquals(2L, next.getLong(PartitionResponses.BASE_OFFSET));

            Struct fetched = fetchPartition(conn, topic, 0, 0);
            assertEquals(List.of("x", "y", "z"), values(fetched.getRecords(Partitions.RECORDS)));
        }
    }
}
