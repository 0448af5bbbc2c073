package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Adds partitions to a producer's ongoing transaction at its transaction coordinator (api key 24). v0-v3 carry
 * one transaction, sent by producers; v1 same as v0; v2: PRODUCER_FENCED may be answered; v3: flexible. v4
 * (broker to coordinator, KIP-890 part 1) carries a batch of transactions, each optionally verify-only: the
 * partition leader asks whether a partition is already part of the transaction before it appends a
 * transactional batch; v5: TRANSACTION_ABORTABLE may be answered.
 */
public final class AddPartitionsToTxnRequest {
    public static final Field<List<Struct>> TRANSACTIONS = array("Transactions", "4+", Transactions.SCHEMA)
            .about("Since v4: the transactions this request concerns, one entry per transactional id.");
    public static final Field<String> V3_AND_BELOW_TRANSACTIONAL_ID = field("V3AndBelowTransactionalId", STRING, "0-3")
            .about("Up to v3: the transactional id whose transaction gets the partitions.");
    public static final Field<Long> V3_AND_BELOW_PRODUCER_ID = field("V3AndBelowProducerId", INT64, "0-3")
            .about("Up to v3: the producer id the transactional id currently holds.");
    public static final Field<Short> V3_AND_BELOW_PRODUCER_EPOCH = field("V3AndBelowProducerEpoch", INT16, "0-3")
            .about("Up to v3: the producer epoch the sender holds for that producer id; an older one is fenced.");
    public static final Field<List<Struct>> V3_AND_BELOW_TOPICS = array("V3AndBelowTopics", "0-3", AddPartitionsToTxnTopic.SCHEMA)
            .about("Up to v3: the topics and partitions to add.");

    public static final MessageSpec SPEC = request(24, "AddPartitionsToTxnRequest", "0-5", "3+",
            TRANSACTIONS, V3_AND_BELOW_TRANSACTIONAL_ID, V3_AND_BELOW_PRODUCER_ID, V3_AND_BELOW_PRODUCER_EPOCH,
            V3_AND_BELOW_TOPICS);

    private AddPartitionsToTxnRequest() {
    }

    /**
     * A topic and the partitions of it to add to (or, verify-only, look up in) a transaction; shared by the
     * v0-v3 and v4+ layouts.
     */
    public static final class AddPartitionsToTxnTopic {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Integer>> PARTITIONS = field("Partitions", arrayOf(INT32), "0+")
                .about("The indexes of the topic's partitions concerned.");
        public static final Schema SCHEMA = structType("AddPartitionsToTxnTopic", NAME, PARTITIONS);

        private AddPartitionsToTxnTopic() {
        }
    }

    /** One transaction of a v4+ batch. */
    public static final class Transactions {
        public static final Field<String> TRANSACTIONAL_ID = field("TransactionalId", STRING, "4+")
                .about("The transactional id whose transaction is concerned.");
        public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "4+")
                .about("The producer id the transactional id currently holds.");
        public static final Field<Short> PRODUCER_EPOCH = field("ProducerEpoch", INT16, "4+")
                .about("The producer epoch of the batch being verified or the partitions being added.");
        public static final Field<Boolean> VERIFY_ONLY = field("VerifyOnly", BOOL, "4+")
                .about("True: only report whether each partition is already in the ongoing transaction, adding nothing (the produce-path check of KIP-890); false: add them.");
        public static final Field<List<Struct>> TOPICS = array("Topics", "4+", AddPartitionsToTxnTopic.SCHEMA)
                .about("The topics and partitions to add or verify.");
        public static final Schema SCHEMA = structType("Transactions", TRANSACTIONAL_ID, PRODUCER_ID, PRODUCER_EPOCH,
                VERIFY_ONLY, TOPICS);

        private Transactions() {
        }
    }
}

