package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

/**
 * Schemas of the transaction APIs (issue 14): what producers send to the transaction coordinator
 * (AddPartitionsToTxn, AddOffsetsToTxn, EndTxn), the transactional offset commit the group
 * coordinator answers (TxnOffsetCommit), the coordinator's markers to partition leaders
 * (WriteTxnMarkers), and the admin views (DescribeProducers, DescribeTransactions,
 * ListTransactions). Field names, types, versions, nullability and defaults follow Kafka's message
 * specs.
 */
public final class TransactionSchemas {
    private TransactionSchemas() {
    }

    /** The messages of this family, each declared in its own class, registered by {@code ApiMessages}. */
    public static List<MessageSpec> all() {
        return List.of(
                AddPartitionsToTxnRequest.SPEC,
                AddPartitionsToTxnResponse.SPEC,
                AddOffsetsToTxnRequest.SPEC,
                AddOffsetsToTxnResponse.SPEC,
                EndTxnRequest.SPEC,
                EndTxnResponse.SPEC,
                WriteTxnMarkersRequest.SPEC,
                WriteTxnMarkersResponse.SPEC,
                TxnOffsetCommitRequest.SPEC,
                TxnOffsetCommitResponse.SPEC,
                DescribeProducersRequest.SPEC,
                DescribeProducersResponse.SPEC,
                DescribeTransactionsRequest.SPEC,
                DescribeTransactionsResponse.SPEC,
                ListTransactionsRequest.SPEC,
                ListTransactionsResponse.SPEC);
    }
}
