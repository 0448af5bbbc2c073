package io.gregor.broker.security;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.DescribeClusterRequest;
import io.gregor.clients.protocol.schemas.DescribeClusterResponse;
import io.gregor.clients.protocol.schemas.DescribeGroupsRequest;
import io.gregor.clients.protocol.schemas.DescribeGroupsResponse;
import io.gregor.clients.protocol.schemas.MetadataRequest;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Metadata, DescribeCluster and DescribeGroups with an authorizer, as Kafka answers them: a topic
 * the caller may not Describe is left out of an all-topics answer and, when asked for by name,
 * answered TOPIC_AUTHORIZATION_FAILED without saying whether it exists; auto-creating a missing
 * topic needs Create on the cluster or the topic; the authorized-operation bit sets (KIP-430) say
 * what this caller may do. Stateless.
 */
final class MetadataChecks {
    private MetadataChecks() {
    }

    static ApiCheck metadata(Function<UUID, Optional<String>> topicNames, Predicate<String> topicExists) {
        return (auth, context, request, next) -> {
            short version = context.apiVersion();
            List<Struct> requested = request.getStructs(MetadataRequest.TOPICS);
            boolean allTopics = requested == null || (version == 0 && requested.isEmpty());
            List<Struct> refused = new ArrayList<>();
            boolean nothingLeft = false;
            if (!allTopics) {
                boolean autoCreate = version < 4 || request.getBool(MetadataRequest.ALLOW_AUTO_TOPIC_CREATION);
                List<Struct> allowed = new ArrayList<>();
                for (Struct wanted : requested) {
                    String name = wanted.getString(MetadataRequest.Topics.NAME);
                    UUID id = version >= 10 ? wanted.getUuid(MetadataRequest.Topics.TOPIC_ID) : Field.ZERO_UUID;
                    String resolved = name != null ? name : topicNames.apply(id).orElse(null);
                    if (resolved == null) {
                        allowed.add(wanted); // an unknown id: the handler answers UNKNOWN_TOPIC_ID
                    } else if (!auth.authorize(AclOperation.DESCRIBE, ResourceType.TOPIC, resolved)) {
                        refused.add(refusal(name, name == null ? id : Field.ZERO_UUID));
                    } else if (autoCreate && !topicExists.test(resolved) && !auth.isAllowedOnCluster(AclOperation.CREATE)
                            && !auth.authorize(AclOperation.CREATE, ResourceType.TOPIC, resolved)) {
                        refused.add(refusal(resolved, Field.ZERO_UUID));
                    } else {
                        allowed.add(wanted);
                    }
                }
                nothingLeft = allowed.isEmpty() && !requested.isEmpty();
                request.set(MetadataRequest.TOPICS, allowed);
            }
            boolean clusterOps = version >= 8 && version <= 10 && request.getBool(MetadataRequest.INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS);
            boolean topicOps = version >= 8 && request.getBool(MetadataRequest.INCLUDE_TOPIC_AUTHORIZED_OPERATIONS);
            boolean hideUnauthorized = allTopics;
            boolean finalNothingLeft = nothingLeft;
            return next.handle(context, request).thenApply(response -> {
                List<Struct> topics = new ArrayList<>();
                if (!finalNothingLeft) { // v0 reads an empty list as "all topics": none were asked for that remain
                    for (Struct topic : response.getStructs(MetadataResponse.TOPICS)) {
                        String name = topic.getString(MetadataResponse.Topics.NAME);
                        if (hideUnauthorized && name != null && !auth.isAllowed(AclOperation.DESCRIBE, ResourceType.TOPIC, name)) {
                            continue;
                        }
                        if (topicOps && name != null) {
                            topic.set(MetadataResponse.Topics.TOPIC_AUTHORIZED_OPERATIONS,
                                    auth.authorizedOperations(ResourceType.TOPIC, name));
                        }
                        topics.add(topic);
                    }
                }
                topics.addAll(refused);
                response.set(MetadataResponse.TOPICS, topics);
                if (clusterOps) {
                    response.set(MetadataResponse.CLUSTER_AUTHORIZED_OPERATIONS, clusterOperations(auth));
                }
                return response;
            });
        };
    }

    private static Struct refusal(String name, UUID id) {
        Struct topic = new Struct(MetadataResponse.Topics.SCHEMA);
        return topic.set(MetadataResponse.Topics.ERROR_CODE, Errors.TOPIC_AUTHORIZATION_FAILED.code())
                .set(MetadataResponse.Topics.NAME, name)
                .set(MetadataResponse.Topics.TOPIC_ID, id)
                .set(MetadataResponse.Topics.IS_INTERNAL, false)
                .set(MetadataResponse.Topics.PARTITIONS, List.of());
    }

    /** Kafka: the bit set when the caller may Describe the cluster, else 0. */
    private static int clusterOperations(RequestAuthorizer auth) {
        return auth.authorizeCluster(AclOperation.DESCRIBE) ? auth.authorizedOperations(ResourceType.CLUSTER,
                io.gregor.clients.acl.ResourcePattern.CLUSTER_NAME) : 0;
    }

    static ApiCheck describeCluster() {
        return (auth, context, request, next) -> {
            boolean asked = request.getBool(DescribeClusterRequest.INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS);
            return next.handle(context, request).thenApply(response -> asked
                    ? response.set(DescribeClusterResponse.CLUSTER_AUTHORIZED_OPERATIONS, clusterOperations(auth)) : response);
        };
    }

    /** Describe on each group, else GROUP_AUTHORIZATION_FAILED for it; the group's bit set when asked. */
    static ApiCheck describeGroups() {
        ApiCheck perGroup = Narrowing.of(ApiKey.DESCRIBE_GROUPS, DescribeGroupsRequest.GROUPS,
                (auth, group) -> auth.authorize(AclOperation.DESCRIBE, ResourceType.GROUP, group) ? null : Errors.GROUP_AUTHORIZATION_FAILED,
                DescribeGroupsResponse.GROUPS, (group, out, error, context) -> out
                        .set(DescribeGroupsResponse.Groups.ERROR_CODE, error.code())
                        .set(DescribeGroupsResponse.Groups.GROUP_ID, group)
                        .set(DescribeGroupsResponse.Groups.GROUP_STATE, "")
                        .set(DescribeGroupsResponse.Groups.PROTOCOL_TYPE, "")
                        .set(DescribeGroupsResponse.Groups.PROTOCOL_DATA, ""));
        return (auth, context, request, next) -> {
            boolean asked = context.apiVersion() >= 3 && request.getBool(DescribeGroupsRequest.INCLUDE_AUTHORIZED_OPERATIONS);
            return perGroup.handle(auth, context, request, next).thenApply(response -> {
                if (asked) {
                    for (Struct group : response.getStructs(DescribeGroupsResponse.GROUPS)) {
                        if (group.getShort(DescribeGroupsResponse.Groups.ERROR_CODE) != Errors.GROUP_AUTHORIZATION_FAILED.code()) {
                            group.set(DescribeGroupsResponse.Groups.AUTHORIZED_OPERATIONS, auth.authorizedOperations(
                                    ResourceType.GROUP, group.getString(DescribeGroupsResponse.Groups.GROUP_ID)));
                        }
                    }
                }
                return response;
            });
        };
    }
}
