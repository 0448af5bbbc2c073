package io.gregor.broker.security;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.DeleteGroupsRequest;
import io.gregor.clients.protocol.schemas.DeleteGroupsResponse;
import io.gregor.clients.protocol.schemas.FindCoordinatorRequest;
import io.gregor.clients.protocol.schemas.FindCoordinatorResponse;
import io.gregor.clients.protocol.schemas.ListGroupsResponse;
import io.gregor.clients.protocol.schemas.OffsetCommitRequest;
import io.gregor.clients.protocol.schemas.OffsetCommitResponse;
import io.gregor.clients.protocol.schemas.OffsetFetchRequest;
import io.gregor.clients.protocol.schemas.OffsetFetchResponse;
import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The consumer-group APIs that name topics or several groups, checked as Kafka checks them:
 * OffsetCommit needs Read on the group and on each topic; OffsetFetch Describe on the group and
 * on each topic (a topic the caller may not Describe is answered TOPIC_AUTHORIZATION_FAILED when
 * named, left out when all were asked for); FindCoordinator Describe on the group or
 * transactional id; ListGroups lists every group with Describe on the cluster, else those the
 * caller may Describe; DeleteGroups needs Delete on each group. Stateless.
 */
final class GroupChecks {
    private GroupChecks() {
    }

    static ApiCheck offsetCommit() {
        ApiCheck perTopic = Narrowing.of(ApiKey.OFFSET_COMMIT, OffsetCommitRequest.TOPICS, (auth, topic) ->
                        auth.authorize(AclOperation.READ, ResourceType.TOPIC, topic.getString(OffsetCommitRequest.Topics.NAME))
                                ? null : Errors.TOPIC_AUTHORIZATION_FAILED,
                OffsetCommitResponse.TOPICS, (topic, out, error, context) -> commitError(topic, out, error));
        return (auth, context, request, next) -> {
            if (auth.authorize(AclOperation.READ, ResourceType.GROUP, request.getString(OffsetCommitRequest.GROUP_ID))) {
                return perTopic.handle(auth, context, request, next);
            }
            Struct response = ApiMessages.response(ApiKey.OFFSET_COMMIT).newStruct();
            for (Struct topic : request.getStructs(OffsetCommitRequest.TOPICS)) {
                commitError(topic, response.addElement(OffsetCommitResponse.TOPICS), Errors.GROUP_AUTHORIZATION_FAILED);
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    private static void commitError(Struct topic, Struct out, Errors error) {
        out.set(OffsetCommitResponse.Topics.NAME, topic.getString(OffsetCommitRequest.Topics.NAME));
        for (Struct partition : topic.getStructs(OffsetCommitRequest.Topics.PARTITIONS)) {
            out.addElement(OffsetCommitResponse.Topics.PARTITIONS)
                    .set(OffsetCommitResponse.Topics.Partitions.PARTITION_INDEX,
                            partition.getInt(OffsetCommitRequest.Topics.Partitions.PARTITION_INDEX))
                    .set(OffsetCommitResponse.Topics.Partitions.ERROR_CODE, error.code());
        }
    }

    static ApiCheck offsetFetch() {
        return (auth, context, request, next) -> context.apiVersion() >= 8
                ? offsetFetchGroups(auth, context, request, next) : offsetFetchOneGroup(auth, context, request, next);
    }

    private static CompletableFuture<Struct> offsetFetchOneGroup(RequestAuthorizer auth, io.gregor.broker.network.RequestContext context,
                                                                 Struct request, io.gregor.broker.network.ApiHandler next) {
        short version = context.apiVersion();
        List<Struct> topics = request.getStructs(OffsetFetchRequest.TOPICS);
        if (!auth.authorize(AclOperation.DESCRIBE, ResourceType.GROUP, request.getString(OffsetFetchRequest.GROUP_ID))) {
            Struct response = ApiMessages.response(ApiKey.OFFSET_FETCH).newStruct();
            if (version >= 2) {
                return CompletableFuture.completedFuture(response.set(OffsetFetchResponse.ERROR_CODE,
                        Errors.GROUP_AUTHORIZATION_FAILED.code()));
            }
            for (Struct topic : topics) {
                Struct out = response.addElement(OffsetFetchResponse.TOPICS)
                        .set(OffsetFetchResponse.Topics.NAME, topic.getString(OffsetFetchRequest.Topics.NAME));
                for (int partition : topic.getArray(OffsetFetchRequest.Topics.PARTITION_INDEXES)) {
                    unauthorized(out.addElement(OffsetFetchResponse.Topics.PARTITIONS)
                            .set(OffsetFetchResponse.Topics.Partitions.PARTITION_INDEX, partition), Errors.GROUP_AUTHORIZATION_FAILED);
                }
            }
            return CompletableFuture.completedFuture(response);
        }
        boolean allTopics = topics == null;
        return next.handle(context, request).thenApply(response -> {
            List<Struct> kept = new ArrayList<>();
            for (Struct topic : response.getStructs(OffsetFetchResponse.TOPICS)) {
                if (auth.isAllowed(AclOperation.DESCRIBE, ResourceType.TOPIC, topic.getString(OffsetFetchResponse.Topics.NAME))) {
                    kept.add(topic);
                } else if (!allTopics) {
                    topic.getStructs(OffsetFetchResponse.Topics.PARTITIONS)
                            .forEach(p -> unauthorized(p, Errors.TOPIC_AUTHORIZATION_FAILED));
                    kept.add(topic);
                }
            }
            return response.set(OffsetFetchResponse.TOPICS, kept);
        });
    }

    private static void unauthorized(Struct partition, Errors error) {
        partition.set(OffsetFetchResponse.Topics.Partitions.COMMITTED_OFFSET, -1L)
                .set(OffsetFetchResponse.Topics.Partitions.METADATA, "")
                .set(OffsetFetchResponse.Topics.Partitions.ERROR_CODE, error.code());
    }

    private static CompletableFuture<Struct> offsetFetchGroups(RequestAuthorizer auth, io.gregor.broker.network.RequestContext context,
                                                               Struct request, io.gregor.broker.network.ApiHandler next) {
        List<Struct> allowed = new ArrayList<>();
        List<String> denied = new ArrayList<>();
        Map<String, Boolean> allTopicsByGroup = new HashMap<>();
        for (Struct group : request.getStructs(OffsetFetchRequest.GROUPS)) {
            String id = group.getString(OffsetFetchRequest.Groups.GROUP_ID);
            if (auth.authorize(AclOperation.DESCRIBE, ResourceType.GROUP, id)) {
                allowed.add(group);
                allTopicsByGroup.put(id, group.getStructs(OffsetFetchRequest.Groups.TOPICS) == null);
            } else {
                denied.add(id);
            }
        }
        request.set(OffsetFetchRequest.GROUPS, allowed);
        CompletableFuture<Struct> answered = allowed.isEmpty()
                ? CompletableFuture.completedFuture(ApiMessages.response(ApiKey.OFFSET_FETCH).newStruct())
                : next.handle(context, request);
        return answered.thenApply(response -> {
            for (Struct group : response.getStructs(OffsetFetchResponse.GROUPS)) {
                boolean allTopics = allTopicsByGroup.getOrDefault(group.getString(OffsetFetchResponse.Groups.GROUP_ID), false);
                List<Struct> kept = new ArrayList<>();
                for (Struct topic : group.getStructs(OffsetFetchResponse.Groups.TOPICS)) {
                    if (auth.isAllowed(AclOperation.DESCRIBE, ResourceType.TOPIC, topic.getString(OffsetFetchResponse.Groups.Topics.NAME))) {
                        kept.add(topic);
                    } else if (!allTopics) {
                        for (Struct p : topic.getStructs(OffsetFetchResponse.Groups.Topics.PARTITIONS)) {
                            p.set(OffsetFetchResponse.Groups.Topics.Partitions.COMMITTED_OFFSET, -1L)
                                    .set(OffsetFetchResponse.Groups.Topics.Partitions.METADATA, "")
                                    .set(OffsetFetchResponse.Groups.Topics.Partitions.ERROR_CODE,
                                            Errors.TOPIC_AUTHORIZATION_FAILED.code());
                        }
                        kept.add(topic);
                    }
                }
                group.set(OffsetFetchResponse.Groups.TOPICS, kept);
            }
            for (String id : denied) {
                response.addElement(OffsetFetchResponse.GROUPS)
                        .set(OffsetFetchResponse.Groups.GROUP_ID, id)
                        .set(OffsetFetchResponse.Groups.ERROR_CODE, Errors.GROUP_AUTHORIZATION_FAILED.code());
            }
            return response;
        });
    }

    /** Key type 0 is a group (Describe Group), 1 a transactional id (Describe TransactionalId). */
    static ApiCheck findCoordinator() {
        return (auth, context, request, next) -> {
            byte keyType = context.apiVersion() >= 1 ? request.getByte(FindCoordinatorRequest.KEY_TYPE) : 0;
            ResourceType type = keyType == 1 ? ResourceType.TRANSACTIONAL_ID : ResourceType.GROUP;
            Errors error = keyType == 1 ? Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED : Errors.GROUP_AUTHORIZATION_FAILED;
            if (keyType != 0 && keyType != 1) {
                return next.handle(context, request); // the handler refuses unknown key types
            }
            if (context.apiVersion() < 4) {
                return auth.authorize(AclOperation.DESCRIBE, type, request.getString(FindCoordinatorRequest.KEY))
                        ? next.handle(context, request) : AuthorizationGate.refuse(ApiKey.FIND_COORDINATOR, context.apiVersion(), error);
            }
            return Narrowing.of(ApiKey.FIND_COORDINATOR, FindCoordinatorRequest.COORDINATOR_KEYS,
                    (a, key) -> a.authorize(AclOperation.DESCRIBE, type, key) ? null : error,
                    FindCoordinatorResponse.COORDINATORS, (key, out, refusal, ctx) -> out
                            .set(FindCoordinatorResponse.Coordinators.KEY, key)
                            .set(FindCoordinatorResponse.Coordinators.NODE_ID, -1)
                            .set(FindCoordinatorResponse.Coordinators.HOST, "")
                            .set(FindCoordinatorResponse.Coordinators.PORT, -1)
                            .set(FindCoordinatorResponse.Coordinators.ERROR_CODE, refusal.code())
                            .set(FindCoordinatorResponse.Coordinators.ERROR_MESSAGE, refusal.message()))
                    .handle(auth, context, request, next);
        };
    }

    static ApiCheck listGroups() {
        return (auth, context, request, next) -> {
            if (auth.isAllowedOnCluster(AclOperation.DESCRIBE)) {
                return next.handle(context, request);
            }
            return next.handle(context, request).thenApply(response -> response.set(ListGroupsResponse.GROUPS,
                    response.getStructs(ListGroupsResponse.GROUPS).stream().filter(g -> auth.isAllowed(AclOperation.DESCRIBE,
                            ResourceType.GROUP, g.getString(ListGroupsResponse.Groups.GROUP_ID))).toList()));
        };
    }

    static ApiCheck deleteGroups() {
        return Narrowing.of(ApiKey.DELETE_GROUPS, DeleteGroupsRequest.GROUPS_NAMES,
                (auth, group) -> auth.authorize(AclOperation.DELETE, ResourceType.GROUP, group) ? null : Errors.GROUP_AUTHORIZATION_FAILED,
                DeleteGroupsResponse.RESULTS, (group, out, error, context) -> out
                        .set(DeleteGroupsResponse.Results.GROUP_ID, group)
                        .set(DeleteGroupsResponse.Results.ERROR_CODE, error.code()));
    }
}
