package io.gregor.broker.security;

import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The shape of most per-resource checks: the entries of a request list (topics, groups, config
 * resources) the caller may not touch are taken out of the request before the handler sees it and
 * answered with their error in the response list; when none is left, the handler is not called.
 * Stateless.
 */
final class Narrowing {
    private Narrowing() {
    }

    /** Decides one request entry: null to pass it on, else the error to answer it with. */
    @FunctionalInterface
    interface Decision<E> {
        Errors refusal(RequestAuthorizer auth, E entry);
    }

    /** Fills in the response element answering a refused request entry. */
    @FunctionalInterface
    interface Answer<E> {
        void fill(E entry, Struct responseEntry, Errors error, RequestContext context);
    }

    static <E> ApiCheck of(ApiKey api, Field<List<E>> requestList, Decision<E> decision, Field<List<Struct>> responseList,
                           Answer<E> answer) {
        return (auth, context, request, next) -> {
            List<E> entries = request.get(requestList);
            List<E> allowed = new ArrayList<>(entries.size());
            Map<E, Errors> refused = new LinkedHashMap<>();
            for (E entry : entries) {
                Errors error = decision.refusal(auth, entry);
                if (error == null) {
                    allowed.add(entry);
                } else {
                    refused.put(entry, error);
                }
            }
            if (refused.isEmpty()) {
                return next.handle(context, request);
            }
            request.set(requestList, allowed);
            CompletableFuture<Struct> answered = allowed.isEmpty()
                    ? CompletableFuture.completedFuture(ApiMessages.response(api).newStruct())
                    : next.handle(context, request);
            return answered.thenApply(response -> {
                refused.forEach((entry, error) -> answer.fill(entry, response.addElement(responseList), error, context));
                return response;
            });
        };
    }
}
