package io.gregor.clients.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.acl.AclEntry;
import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.PatternType;
import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.acl.ResourceType;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AclsCommandTest {

    private static Map<ResourcePattern, Set<AclEntry>> entries(String... args) throws Exception {
        CommandLine cl = AclsCommand.options().parse(args);
        AclsCommand.check(cl);
        return AclSpecs.resourceEntries(cl);
    }

    private static Set<String> texts(Set<AclEntry> entries) {
        return entries.stream().map(AclSpecs::text).collect(Collectors.toSet());
    }

    @Test
    void everyAllowedPrincipalGetsEveryOperationFromEveryHostOnEveryResource() throws Exception {
        Map<ResourcePattern, Set<AclEntry>> result = entries("--bootstrap-server", "b:1", "--add",
                "--allow-principal", "User:alice", "--allow-principal", "User:bob", "--allow-host", "10.0.0.1",
                "--operation", "Read", "--operation", "DESCRIBE", "--topic", "t", "--group", "g",
                "--deny-principal", "User:eve");
        assertEquals(List.of(ResourcePattern.literal(ResourceType.TOPIC, "t"), ResourcePattern.literal(ResourceType.GROUP, "g")),
                List.copyOf(result.keySet()));
        Set<String> expected = Set.of(
                "(principal=User:alice, host=10.0.0.1, operation=READ, permissionType=ALLOW)",
                "(principal=User:alice, host=10.0.0.1, operation=DESCRIBE, permissionType=ALLOW)",
                "(principal=User:bob, host=10.0.0.1, operation=READ, permissionType=ALLOW)",
                "(principal=User:bob, host=10.0.0.1, operation=DESCRIBE, permissionType=ALLOW)",
                "(principal=User:eve, host=*, operation=READ, permissionType=DENY)",
                "(principal=User:eve, host=*, operation=DESCRIBE, permissionType=DENY)");
        assertEquals(expected, texts(result.get(ResourcePattern.literal(ResourceType.TOPIC, "t"))));
    }

    @Test
    void producerAndConsumerShortcutsGrantKafkasOperations() throws Exception {
        Map<ResourcePattern, Set<AclEntry>> result = entries("--bootstrap-server", "b:1", "--add", "--producer", "--consumer",
                "--idempotent", "--allow-principal", "User:app", "--topic", "orders", "--group", "g",
                "--transactional-id", "tx");
        assertEquals(Set.of(AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE, AclOperation.READ),
                ops(result.get(ResourcePattern.literal(ResourceType.TOPIC, "orders"))));
        assertEquals(Set.of(AclOperation.READ), ops(result.get(ResourcePattern.literal(ResourceType.GROUP, "g"))));
        assertEquals(Set.of(AclOperation.WRITE, AclOperation.DESCRIBE),
                ops(result.get(ResourcePattern.literal(ResourceType.TRANSACTIONAL_ID, "tx"))));
        assertEquals(Set.of(AclOperation.IDEMPOTENT_WRITE), ops(result.get(AclSpecs.CLUSTER)));
    }

    @Test
    void prefixedPatternTypeAppliesToEveryNamedResourceButNotTheCluster() throws Exception {
        Map<ResourcePattern, Set<AclEntry>> result = entries("--bootstrap-server", "b:1", "--add", "--allow-principal", "User:a",
                "--operation", "Write", "--topic", "app-", "--cluster", "--resource-pattern-type", "prefixed");
        assertEquals(Set.of(new ResourcePattern(ResourceType.TOPIC, "app-", PatternType.PREFIXED)), result.keySet());
    }

    private static Set<AclOperation> ops(Set<AclEntry> entries) {
        return entries.stream().map(AclEntry::operation).collect(Collectors.toSet());
    }

    @Test
    void anOperationTheResourceTypeDoesNotSupportIsRefusedWithKafkasMessage() {
        CommandLine.UsageException e = assertThrows(CommandLine.UsageException.class, () -> entries("--bootstrap-server", "b:1",
                "--add", "--allow-principal", "User:a", "--operation", "ClusterAction", "--topic", "t"));
        assertTrue(e.getMessage().startsWith("ResourceType TOPIC only supports operations"), e.getMessage());
        assertThrows(CommandLine.UsageException.class, () -> entries("--bootstrap-server", "b:1",
                "--add", "--allow-principal", "User:a", "--operation", "Fly", "--topic", "t"));
        // Kafka 3.9: groups take Read, Describe, Delete only
        assertThrows(CommandLine.UsageException.class, () -> entries("--bootstrap-server", "b:1",
                "--add", "--allow-principal", "User:a", "--operation", "Write", "--group", "g"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--add --list --topic t|exactly one action",
            "--topic t|exactly one action",
            "--list --producer --topic t|can't be used with option \"[producer]\"",
            "--add --producer --operation Read --topic t --allow-principal User:a|can't be used with option \"[operation]\"",
            "--add --producer --allow-principal User:a|With --producer you must specify a --topic",
            "--add --consumer --topic t --allow-principal User:a|With --consumer you must specify a --topic and a --group",
            "--add --idempotent --topic t --allow-principal User:a|only available if --producer is set",
            "--add --topic t --principal User:a|only available if --list is set",
            "--add --topic t|You must specify one of: --allow-principal, --deny-principal",
            "--add --topic t --allow-principal User:a --resource-pattern-type match|is not valid when adding acls",
            "--list --resource-pattern-type sideways|Unknown resource-pattern-type",
            "--add --allow-principal User:a|You must provide at least one resource",
            "--add --topic t --allow-principal alice|expected a string in format principalType:principalName",
            "--list --nonsense|'nonsense' is not a recognized option",
    })
    void badArgumentsPrintTheReasonAndUsageAndExitOne(String args, String reason) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] argv = ("--bootstrap-server 127.0.0.1:1 " + args).split(" ");
        int code = AclsCommand.run(argv, new BufferedReader(new StringReader("")), new PrintStream(out, true),
                new PrintStream(err, true));
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().contains(reason), err.toString());
        assertTrue(err.toString().contains("--allow-principal"), "usage printed: " + err);
        assertEquals("", out.toString());
    }

    @Test
    void withoutBootstrapServerTheToolSaysWhatIsMissing() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AclsCommand.run(new String[] {"--list"}, new BufferedReader(new StringReader("")),
                new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true));
        assertEquals(1, code);
        assertTrue(err.toString().contains("--bootstrap-server"), err.toString());
    }
}
