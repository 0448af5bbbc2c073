package io.gregor.broker.handlers.admin;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.CreatePartitionsRequest;
import io.gregor.clients.protocol.schemas.CreatePartitionsRequest.Topics;
import io.gregor.clients.protocol.schemas.CreatePartitionsResponse;
import io.gregor.clients.protocol.schemas.CreatePartitionsResponse.Results;
import io.gregor.coordination.admin.AdminException;
import io.gregor.coordination.admin.TopicAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * CreatePartitions v0-3: raises each topic's partition count through {@link TopicAdmin}, with the
 * given assignments or Kafka's automatic one; validate_only writes nothing. Answers once the new
 * assignment is in ZooKeeper (the controller then creates the partitions' states and leaders). A
 * request adding more than {@code max.partitions.per.request} partitions in total is refused
 * (POLICY_VIOLATION for every topic) before anything is written.
 */
final class CreatePartitionsHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(CreatePartitionsHandler.class);

    private final TopicAdmin admin;

    CreatePartitionsHandler(TopicAdmin admin) {
        this.admin = admin;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        boolean validateOnly = request.getBool(CreatePartitionsRequest.VALIDATE_ONLY);
        Struct response = ApiMessages.response(ApiKey.CREATE_PARTITIONS).newStruct();
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        request.getStructs(CreatePartitionsRequest.TOPICS).forEach(t -> {
            if (!seen.add(t.getString(Topics.NAME))) {
                duplicates.add(t.getString(CreatePartitionsRequest.Topics.NAME));
            }
        });
        AdminException overLimit = checkNewPartitions(request, duplicates);
        for (Struct topic : request.getStructs(CreatePartitionsRequest.TOPICS)) {
            String name = topic.getString(Topics.NAME);
            Errors error = Errors.NONE;
            String message = null;
            if (duplicates.contains(name)) {
                error = Errors.INVALID_REQUEST;
                message = "Duplicate topic in request: " + name;
            } else if (overLimit != null) {
                error = overLimit.error();
                message = overLimit.getMessage();
            } else {
                try {
                    List<Struct> assignments = topic.getStructs(Topics.ASSIGNMENTS);
                    List<List<Integer>> replicas = null;
                    if (assignments != null) {
                        replicas = new ArrayList<>();
                        for (Struct a : assignments) {
                            replicas.add(a.getArray(Topics.Assignments.BROKER_IDS));
                        }
                    }
                    admin.createPartitions(name, topic.getInt(Topics.COUNT), replicas, validateOnly);
                } catch (AdminException e) {
                    error = e.error();
                    message = e.getMessage();
                } catch (RuntimeException e) {
                    log.error("CreatePartitions of '{}' failed (client {}, correlation id {})", name, context.clientId(),
                            context.correlationId(), e);
                    error = Errors.UNKNOWN_SERVER_ERROR;
                    message = e.toString();
                }
            }
            response.addElement(CreatePartitionsResponse.RESULTS).set(Results.NAME, name)
                    .set(Results.ERROR_CODE, error.code()).set(Results.ERROR_MESSAGE, message);
        }
        return CompletableFuture.completedFuture(response);
    }

    /**
     * The partitions the request would add over all its topics (one read of each topic's current
     * count), checked against {@code max.partitions.per.request} before anything is written: the
     * refusal (POLICY_VIOLATION for every topic), or null.
     */
    private AdminException checkNewPartitions(Struct request, Set<String> duplicates) {
        long total = 0;
        for (Struct topic : request.getStructs(CreatePartitionsRequest.TOPICS)) {
            String name = topic.getString(Topics.NAME);
            if (!duplicates.contains(name)) {
                total += Math.max(0, (long) topic.getInt(Topics.COUNT) - admin.partitionCount(name));
            }
        }
        try {
            admin.partitionLimits().checkRequest(total);
            return null;
        } catch (AdminException e) {
            return e;
        }
    }
}
