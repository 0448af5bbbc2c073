package io.gregor.broker.handlers.data;

import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.InitProducerIdRequest;
import io.gregor.clients.protocol.schemas.InitProducerIdResponse;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.replication.producer.ProducerIdManager;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** InitProducerId against producer id blocks claimed in a real ZooKeeper. */
class InitProducerIdHandlerTest {
    private static LocalZooKeeper zooKeeper;
    private static GregorZkClient zk;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zooKeeper = new LocalZooKeeper("/pids");
        zk = zooKeeper.zk;
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        zooKeeper.close();
    }

    private static Struct call(InitProducerIdHandler handler, short version, String transactionalId) throws Exception {
        Struct req = ApiMessages.request(ApiKey.INIT_PRODUCER_ID).newStruct()
                .set(InitProducerIdRequest.TRANSACTIONAL_ID, transactionalId)
                .set(InitProducerIdRequest.TRANSACTION_TIMEOUT_MS, 60_000);
        Struct decoded = MessageCodec.read(MessageCodec.writeToBuffer(ApiMessages.request(ApiKey.INIT_PRODUCER_ID), req,
                version), ApiKey.INIT_PRODUCER_ID, version, MessageType.REQUEST);
        RequestContext ctx = new RequestContext(new RequestHeader(ApiKey.INIT_PRODUCER_ID.id, version, 1, "c"),
                ApiKey.INIT_PRODUCER_ID, "PLAINTEXT", new InetSocketAddress("127.0.0.1", 1), "conn");
        return handler.handle(ctx, decoded).get(10, TimeUnit.SECONDS);
    }

    @Test
    void idempotentProducersGetDistinctIdsWithEpochZeroFromZooKeeperBlocks() throws Exception {
        InitProducerIdHandler broker0 = new InitProducerIdHandler(new ProducerIdManager(0, zk::allocateProducerIdBlock));
        InitProducerIdHandler broker1 = new InitProducerIdHandler(new ProducerIdManager(1, zk::allocateProducerIdBlock));
        Struct a = call(broker0, (short) 4, null);
        Struct b = call(broker1, (short) 4, null);
        Struct c = call(broker0, (short) 0, null);
        assertEquals(0, a.getShort(InitProducerIdResponse.ERROR_CODE));
        assertEquals(0, a.getShort(InitProducerIdResponse.PRODUCER_EPOCH));
        assertNotEquals(a.getLong(InitProducerIdResponse.PRODUCER_ID), b.getLong(InitProducerIdResponse.PRODUCER_ID));
        assertEquals(a.getLong(InitProducerIdResponse.PRODUCER_ID) + 1, c.getLong(InitProducerIdResponse.PRODUCER_ID));
    }

    @Test
    void transactionalIdsAreRefusedBecauseThereIsNoTransactionCoordinator() throws Exception {
        InitProducerIdHandler handler = new InitProducerIdHandler(new ProducerIdManager(0, zk::allocateProducerIdBlock));
        Struct response = call(handler, (short) 4, "my-txn");
        assertEquals(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code(),
                response.getShort(InitProducerIdResponse.ERROR_CODE));
        assertEquals(-1L, response.getLong(InitProducerIdResponse.PRODUCER_ID));
    }
}
