package io.gregor.broker.handlers.admin;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.DeleteTopicsRequest;
import io.gregor.clients.protocol.schemas.DeleteTopicsRequest.Topics;
import io.gregor.clients.protocol.schemas.DeleteTopicsResponse;
import io.gregor.clients.protocol.schemas.DeleteTopicsResponse.Responses;
import io.gregor.coordination.admin.AdminException;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.zk.KafkaUuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * DeleteTopics v0-6: requests each deletion through {@link TopicAdmin} (topics by name, or from
 * v6 by id) and answers once each requested topic is gone from this broker's metadata, or with
 * REQUEST_TIMED_OUT for those still present at the request's timeout.
 */
final class DeleteTopicsHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(DeleteTopicsHandler.class);

    private final TopicAdmin admin;
    private final Predicate<String> topicInMetadata;
    private final TopicWaiter waiter;

    DeleteTopicsHandler(TopicAdmin admin, Predicate<String> topicInMetadata, TopicWaiter waiter) {
        this.admin = admin;
        this.topicInMetadata = topicInMetadata;
        this.waiter = waiter;
    }

    private record Outcome(String name, UUID topicId, Errors error, String message) {
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        List<Outcome> outcomes = new ArrayList<>();
        if (version >= 6) {
            for (Struct topic : request.getStructs(DeleteTopicsRequest.TOPICS)) {
                outcomes.add(delete(topic.getString(Topics.NAME), topic.getUuid(Topics.TOPIC_ID), context));
            }
        } else {
            for (String name : request.getArray(DeleteTopicsRequest.TOPIC_NAMES)) {
                outcomes.add(delete(name, null, context));
            }
        }
        List<String> deleting = outcomes.stream().filter(o -> o.error() == Errors.NONE).map(Outcome::name).toList();
        int timeoutMs = request.getInt(DeleteTopicsRequest.TIMEOUT_MS);
        if (deleting.isEmpty()) {
            return CompletableFuture.completedFuture(response(outcomes, Set.of(), version));
        }
        return waiter.await(deleting, topicInMetadata.negate(), timeoutMs)
                .thenApply(timedOut -> response(outcomes, timedOut, version));
    }

    private Outcome delete(String name, UUID topicId, RequestContext context) {
        boolean byId = topicId != null && !topicId.equals(Field.ZERO_UUID);
        try {
            if (name == null && !byId) {
                return new Outcome(null, topicId, Errors.INVALID_REQUEST, "Neither topic name nor id given");
            }
            if (name != null && byId) {
                return new Outcome(name, topicId, Errors.INVALID_REQUEST, "Give either a topic name or an id, not both");
            }
            if (byId) {
                KafkaUuid id = new KafkaUuid(topicId.getMostSignificantBits(), topicId.getLeastSignificantBits());
                name = admin.topicNameById(id).orElse(null);
                if (name == null) {
                    return new Outcome(null, topicId, Errors.UNKNOWN_TOPIC_ID, "No topic with id " + id);
                }
            }
            UUID id = byId ? topicId : admin.topicId(name).map(CreateTopicsHandler::uuid).orElse(Field.ZERO_UUID);
            admin.deleteTopic(name);
            return new Outcome(name, id, Errors.NONE, null);
        } catch (AdminException e) {
            return new Outcome(name, topicId, e.error(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("DeleteTopics of '{}' failed (client {}, correlation id {})", name, context.clientId(),
                    context.correlationId(), e);
            return new Outcome(name, topicId, Errors.UNKNOWN_SERVER_ERROR, e.toString());
        }
    }

    private static Struct response(List<Outcome> outcomes, Set<String> timedOut, short version) {
        Struct response = ApiMessages.response(ApiKey.DELETE_TOPICS).newStruct();
        for (Outcome outcome : outcomes) {
            Errors error = outcome.name() != null && timedOut.contains(outcome.name()) ? Errors.REQUEST_TIMED_OUT : outcome.error();
            Struct r = response.addElement(DeleteTopicsResponse.RESPONSES)
                    .set(Responses.NAME, version < 6 && outcome.name() == null ? "" : outcome.name())
                    .set(Responses.ERROR_CODE, error.code());
            if (version >= 6) {
                r.set(Responses.TOPIC_ID, outcome.topicId() == null ? Field.ZERO_UUID : outcome.topicId());
            }
            if (version >= 5) {
                r.set(Responses.ERROR_MESSAGE, error == Errors.REQUEST_TIMED_OUT ? "Timed out waiting for the deletion of "
                        + outcome.name() : outcome.message());
            }
        }
        return response;
    }
}
