package io.gregor.coordination.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.security.ScramMechanism;
import io.gregor.coordination.ZooKeeperTestBase;
import io.gregor.clients.acl.AclEntry;
import io.gregor.clients.acl.AclOperation;
import io.gregor.coordination.acl.AclStore;
import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.acl.ResourceType;
import io.gregor.coordination.zk.ConfigEntityStore;
import io.gregor.coordination.zk.EntityConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security seed the secure quickstart writes into a real ZooKeeper before its brokers start. */
class SecuritySeedCommandTest extends ZooKeeperTestBase {
    record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SecuritySeedCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String connect() {
        return fixture.connectString() + chroot;
    }

    @Test
    void usersGetKafkasScramCredentialFormatInConfigUsersDerivedFromTheirPassword(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users");
        Files.writeString(users, "# throwaway\nadmin=adm1n=secret\napp=app-secret\n");
        Outcome o = run("--zookeeper", connect(), "--users-file", users.toString());
        assertEquals(0, o.code, o.err);
        ConfigEntityStore store = new ConfigEntityStore(zk);
        for (Map.Entry<String, String> user : Map.of("admin", "adm1n=secret", "app", "app-secret").entrySet()) {
            EntityConfig config = store.get(ConfigEntityStore.quotaEntity(user.getKey(), null)).orElseThrow();
            String value = config.config().get("SCRAM-SHA-512");
            assertTrue(value.matches("salt=[A-Za-z0-9+/=]+,stored_key=[A-Za-z0-9+/=]+,server_key=[A-Za-z0-9+/=]+,iterations=4096"),
                    value);
            byte[] salt = Base64.getDecoder().decode(value.substring(5, value.indexOf(',')));
            assertEquals(SecuritySeedCommand.credentialValue(ScramMechanism.SCRAM_SHA_512, user.getValue(), salt, 4096), value,
                    "the credential is the one of " + user.getKey() + "'s password");
        }
        assertTrue(o.out.contains("SCRAM credential SCRAM-SHA-512 of user 'app' written"), o.out);
    }

    @Test
    void prefixedGrantsAreAddedToWhatIsThereAndAnnounced() throws Exception {
        AclStore store = new AclStore(zk);
        store.ensurePaths();
        ResourcePattern topics = ResourcePattern.prefixed(ResourceType.TOPIC, "app-");
        AclEntry existing = AclEntry.allow("User:bob", "*", AclOperation.READ);
        store.createIfAbsent(topics, Set.of(existing));

        Outcome o = run("--zookeeper", connect(), "--allow-prefixed", "User:app,Topic,app-,Write+Read+Describe",
                "--allow-prefixed", "User:app,Group,app-,Read");
        assertEquals(0, o.code, o.err);
        assertEquals(Set.of(existing, AclEntry.allow("User:app", "*", AclOperation.WRITE),
                        AclEntry.allow("User:app", "*", AclOperation.READ), AclEntry.allow("User:app", "*", AclOperation.DESCRIBE)),
                store.read(topics).acls());
        assertEquals(Set.of(AclEntry.allow("User:app", "*", AclOperation.READ)),
                store.read(ResourcePattern.prefixed(ResourceType.GROUP, "app-")).acls());
        assertEquals(2, zk.curator().getChildren().forPath(zk.paths().resolve("/kafka-acl-extended-changes")).size(),
                "one change notification per pattern written");
    }

    @Test
    void badArgumentsPrintUsageAndFail(@TempDir Path dir) throws Exception {
        assertEquals(1, run().code);
        assertEquals(1, run("--zookeeper", connect()).code, "nothing to do");
        assertEquals(1, run("--zookeeper", connect(), "--allow-prefixed", "User:app,Cluster,x,Alter").code);
        assertEquals(1, run("--zookeeper", connect(), "--allow-prefixed", "User:app,Topic,app-,Fly").code);
        assertEquals(1, run("--zookeeper", connect(), "--allow-prefixed", "app,Topic,app-,Read").code);
        assertEquals(1, run("--zookeeper", connect(), "--mechanism", "PLAIN", "--allow-prefixed", "User:a,Topic,a,Read").code);
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "# nobody\n");
        Outcome noUsers = run("--zookeeper", connect(), "--users-file", empty.toString());
        assertEquals(1, noUsers.code);
        assertTrue(noUsers.err.contains("Usage:"), noUsers.err);
        Outcome unknown = run("--zookeeper", connect(), "--bogus");
        assertEquals(1, unknown.code);
        assertTrue(unknown.err.startsWith("Unknown argument: --bogus"), unknown.err);
    }
}
