package io.gregor.broker.txn;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ListTransactionsRequest;
import io.gregor.clients.protocol.schemas.ListTransactionsResponse;
import io.gregor.clients.protocol.schemas.ListTransactionsResponse.TransactionStates;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * ListTransactions v0-1: the transactional ids this broker coordinates, filtered by state names
 * (unknown names are reported back and match nothing), producer ids and (v1) how long the
 * transaction has been running.
 */
final class ListTransactionsHandler implements ApiHandler {
    private final TransactionCoordinator coordinator;

    ListTransactionsHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Struct response = ApiMessages.response(ApiKey.LIST_TRANSACTIONS).newStruct();
        List<String> names = request.getArray(ListTransactionsRequest.STATE_FILTERS);
        Set<TransactionState> states = EnumSet.noneOf(TransactionState.class);
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            Optional<TransactionState> s = TransactionState.fromKafkaName(name);
            if (s.isPresent()) {
                states.add(s.get());
            } else {
                unknown.add(name);
            }
        }
        response.set(ListTransactionsResponse.UNKNOWN_STATE_FILTERS, unknown);
        if (!names.isEmpty() && states.isEmpty()) {
            return CompletableFuture.completedFuture(response.set(ListTransactionsResponse.ERROR_CODE, (short) 0));
        }
        long duration = context.apiVersion() >= 1 ? request.getLong(ListTransactionsRequest.DURATION_FILTER) : -1L;
        TransactionCoordinator.ListResult result = coordinator.list(states,
                new HashSet<>(request.getArray(ListTransactionsRequest.PRODUCER_ID_FILTERS)), duration);
        response.set(ListTransactionsResponse.ERROR_CODE, result.error().code());
        result.transactions().forEach(t -> response.addElement(ListTransactionsResponse.TRANSACTION_STATES)
                .set(TransactionStates.TRANSACTIONAL_ID, t.transactionalId())
                .set(TransactionStates.PRODUCER_ID, t.producerId())
                .set(TransactionStates.TRANSACTION_STATE, t.state().kafkaName));
        return CompletableFuture.completedFuture(response);
    }
}
