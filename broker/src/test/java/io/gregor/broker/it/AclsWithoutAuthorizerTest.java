package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gregor.broker.GregorServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
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
 * The ACL APIs of a broker without an authorizer, through the Apache admin client as
 * {@code kafka-acls.sh} uses it: every call fails with SecurityDisabledException and Kafka's message.
 */
class AclsWithoutAuthorizerTest {
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

    private static void assertSecurityDisabled(String message, org.junit.jupiter.api.function.Executable call) {
        ExecutionException e = assertThrows(ExecutionException.class, call);
        assertInstanceOf(SecurityDisabledException.class, e.getCause(), e.toString());
        assertEquals(message, e.getCause().getMessage());
    }
}
