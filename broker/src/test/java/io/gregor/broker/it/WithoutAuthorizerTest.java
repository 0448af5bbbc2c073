package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker without an authorizer, through the Apache admin client and Kafka 3.9.1's AclCommand
 * ({@code kafka-acls.sh}): the ACL APIs fail with SecurityDisabledException and Kafka's message, and every
 * operation counts as authorized (8 for a topic, 7 for the cluster, 3 for a group).
 */
class WithoutAuthorizerTest {
    private static GregorCluster cluster;
    private static String bootstrap;

    @BeforeAll
    static void start() throws Exception {
        cluster = GregorCluster.start();
        GregorServer broker = cluster.startInProcessBroker(0, Map.of());
        bootstrap = "127.0.0.1:" + broker.boundPort("PLAINTEXT");
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void listingCreatingAndDeletingAclsFailWithSecurityDisabledAsOnKafkaWithoutAnAuthorizer() {
        AclBinding binding = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "t", PatternType.LITERAL),
                new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW));
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            assertSecurityDisabled("No Authorizer is configured on the broker",
                    () -> admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
            assertSecurityDisabled("No Authorizer is configured.",
                    () -> admin.createAcls(List.of(binding)).all().get(30, TimeUnit.SECONDS));
            assertSecurityDisabled("No Authorizer is configured.",
                    () -> admin.deleteAcls(List.of(AclBindingFilter.ANY)).all().get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void kafkasAclCommandListFailsWithKafkasNoAuthorizerMessage() {
        ThreeBrokers.ToolRun run = KafkaTools.run(kafka.admin.AclCommand::main, "--bootstrap-server", bootstrap, "--list");
        assertEquals(1, run.code(), run.out() + run.err());
        // contains, not startsWith: the in-process brokers' log lines share the captured System.out
        assertTrue(run.out().contains("Error while executing ACL command: org.apache.kafka.common.errors."
                + "SecurityDisabledException: No Authorizer is configured on the broker"), run.out());
    }

    @Test
    void describingWithAuthorizedOperationsReportsEveryOperationOfTheResourceType() throws Exception {
        ApacheClients.createTopic(bootstrap, "described", 1);
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            TopicDescription topic = admin.describeTopics(List.of("described"),
                    new DescribeTopicsOptions().includeAuthorizedOperations(true)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get("described");
            assertEquals(Set.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE, AclOperation.DELETE,
                    AclOperation.ALTER, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS),
                    topic.authorizedOperations());
            Set<AclOperation> cluster = admin.describeCluster(new DescribeClusterOptions().includeAuthorizedOperations(true))
                    .authorizedOperations().get(30, TimeUnit.SECONDS);
            assertEquals(Set.of(AclOperation.CREATE, AclOperation.CLUSTER_ACTION, AclOperation.DESCRIBE_CONFIGS,
                    AclOperation.ALTER_CONFIGS, AclOperation.IDEMPOTENT_WRITE, AclOperation.ALTER, AclOperation.DESCRIBE),
                    cluster);
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("any-group"),
                    new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true)).all()
                    .get(30, TimeUnit.SECONDS).get("any-group");
            assertEquals(Set.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE),
                    group.authorizedOperations());
        }
    }

    private static void assertSecurityDisabled(String message, org.junit.jupiter.api.function.Executable call) {
        ExecutionException e = assertThrows(ExecutionException.class, call);
        assertInstanceOf(SecurityDisabledException.class, e.getCause(), e.toString());
        assertEquals(message, e.getCause().getMessage());
    }
}
