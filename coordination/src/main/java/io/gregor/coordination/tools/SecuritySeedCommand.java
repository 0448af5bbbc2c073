package io.gregor.coordination.tools;

import io.gregor.clients.security.ScramMechanism;
import io.gregor.clients.acl.AclEntry;
import io.gregor.clients.acl.AclOperation;
import io.gregor.coordination.acl.AclStore;
import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.acl.ResourceType;
import io.gregor.coordination.acl.VersionedAcls;
import io.gregor.coordination.zk.ConfigEntityStore;
import io.gregor.coordination.zk.EntityConfig;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.ZkPaths;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Seeds a cluster's security state straight into ZooKeeper before any broker runs, as Kafka's
 * {@code kafka-configs.sh --zookeeper} and {@code kafka-acls.sh --authorizer-properties
 * zookeeper.connect=...} did: SCRAM credentials in {@code /config/users/<user>} (Kafka's
 * {@code salt=...,stored_key=...,server_key=...,iterations=N} with a change notification) and
 * allow ACLs on prefixed resource patterns in {@code /kafka-acl-extended/prefixed/...} (merged with
 * what is there, written conditionally on the znode version, with a change notification).
 * {@code bin/gregor-quickstart.sh --secure} uses it for the brokers', the admin's and the app's users.
 * Exit codes: 0 written, 1 bad arguments or ZooKeeper unreachable.
 */
public final class SecuritySeedCommand {
    static final String USAGE = """
            Usage: gregor-run-class.sh io.gregor.coordination.tools.SecuritySeedCommand --zookeeper host:port[/chroot]
                     [--users-file FILE] [--mechanism SCRAM-SHA-512|SCRAM-SHA-256] [--iterations N]
                     [--allow-prefixed PRINCIPAL,RESOURCE_TYPE,PREFIX,OPERATION[+OPERATION...]]...
              --zookeeper       ZooKeeper connect string of the cluster (as zookeeper.connect in server.properties)
              --users-file      a file of 'user=password' lines: each user's SCRAM credential is (re)written
              --mechanism       SCRAM mechanism of the credentials (default SCRAM-SHA-512)
              --iterations      SCRAM iterations, 4096..16384 (default 4096, as kafka-configs.sh)
              --allow-prefixed  allow PRINCIPAL (e.g. User:app) the operations (e.g. Write+Read+Describe) on every
                                resource of RESOURCE_TYPE (Topic, Group, TransactionalId) whose name starts with PREFIX,
                                from any host; repeatable
              --help            print this help
            """;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One {@code --allow-prefixed} grant. */
    record PrefixedGrant(String principal, ResourcePattern pattern, List<AclOperation> operations) {
        static PrefixedGrant parse(String value) {
            String[] parts = value.split(",", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("--allow-prefixed takes PRINCIPAL,RESOURCE_TYPE,PREFIX,OPERATIONS, got '"
                        + value + "'");
            }
            String principal = parts[0].trim();
            if (!principal.matches("[^:]+:.+")) {
                throw new IllegalArgumentException("principal must be TYPE:NAME (e.g. User:app), got '" + principal + "'");
            }
            ResourceType type = ResourceType.fromName(parts[1].trim());
            if (type != ResourceType.TOPIC && type != ResourceType.GROUP && type != ResourceType.TRANSACTIONAL_ID) {
                throw new IllegalArgumentException("resource type must be Topic, Group or TransactionalId, got '"
                        + parts[1].trim() + "'");
            }
            String prefix = parts[2].trim();
            if (prefix.isEmpty()) {
                throw new IllegalArgumentException("the prefix must not be empty in '" + value + "'");
            }
            List<AclOperation> ops = new ArrayList<>();
            for (String name : parts[3].split("\\+")) {
                AclOperation op = AclOperation.fromName(name.trim());
                if (op == AclOperation.UNKNOWN || op == AclOperation.ANY) {
                    throw new IllegalArgumentException("unknown operation '" + name.trim() + "' in '" + value + "'");
                }
                ops.add(op);
            }
            return new PrefixedGrant(principal, ResourcePattern.prefixed(type, prefix), List.copyOf(ops));
        }

        Set<AclEntry> entries() {
            Set<AclEntry> entries = new HashSet<>();
            for (AclOperation op : operations) {
                entries.add(AclEntry.allow(principal, AclEntry.WILDCARD_HOST, op));
            }
            return entries;
        }
    }

    private SecuritySeedCommand() {
    }

    public static void main(String[] args) {
        ZkToolFrame.main(args, SecuritySeedCommand::run);
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String zookeeper = null;
        Path usersFile = null;
        ScramMechanism mechanism = ScramMechanism.SCRAM_SHA_512;
        int iterations = ScramMechanism.MIN_ITERATIONS;
        List<PrefixedGrant> grants = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                out.print(USAGE);
                return 0;
            }
            if (!List.of("--zookeeper", "--users-file", "--mechanism", "--iterations", "--allow-prefixed").contains(a)) {
                return usage(err, "Unknown argument: " + a);
            }
            if (i + 1 >= args.length) {
                return usage(err, "Missing value for " + a);
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--zookeeper" -> zookeeper = v;
                    case "--users-file" -> usersFile = Path.of(v);
                    case "--mechanism" -> {
                        mechanism = ScramMechanism.forName(v);
                        if (mechanism == null) {
                            return usage(err, "--mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512, got '" + v + "'");
                        }
                    }
                    case "--iterations" -> {
                        iterations = Integer.parseInt(v);
                        if (iterations < ScramMechanism.MIN_ITERATIONS || iterations > ScramMechanism.MAX_ITERATIONS) {
                            return usage(err, "--iterations must be between " + ScramMechanism.MIN_ITERATIONS + " and "
                                    + ScramMechanism.MAX_ITERATIONS + ", got " + iterations);
                        }
                    }
                    default -> grants.add(PrefixedGrant.parse(v));
                }
            } catch (NumberFormatException e) {
                return usage(err, "--iterations must be a number, got '" + v + "'");
            } catch (IllegalArgumentException e) {
                return usage(err, e.getMessage());
            }
        }
        if (zookeeper == null || zookeeper.isBlank()) {
            return usage(err, "Missing required argument --zookeeper");
        }
        if (usersFile == null && grants.isEmpty()) {
            return usage(err, "Nothing to do: give --users-file and/or --allow-prefixed");
        }
        try {
            ZkPaths.fromConnectString(zookeeper);
        } catch (RuntimeException e) {
            return usage(err, "Bad --zookeeper '" + zookeeper + "': " + e.getMessage());
        }
        Map<String, String> users;
        try {
            users = usersFile == null ? Map.of() : readUsers(usersFile);
        } catch (IOException | IllegalArgumentException e) {
            return usage(err, "Bad --users-file " + usersFile + ": " + e.getMessage());
        }
        try (GregorZkClient zk = GregorZkClient.connect(zookeeper, 15_000, 15_000)) {
            ConfigEntityStore configs = new ConfigEntityStore(zk);
            for (Map.Entry<String, String> user : users.entrySet()) {
                writeCredential(configs, user.getKey(), mechanism, user.getValue(), iterations);
                out.println("SCRAM credential " + mechanism.mechanismName() + " of user '" + user.getKey() + "' written");
            }
            AclStore acls = new AclStore(zk);
            if (!grants.isEmpty()) {
                acls.ensurePaths();
            }
            for (PrefixedGrant grant : grants) {
                addAcls(acls, grant.pattern(), grant.entries());
                ResourcePattern p = grant.pattern();
                out.println("ACLs added on " + p.resourceType().kafkaName() + "s prefixed '" + p.name() + "': " + grant.principal() + " may "
                        + grant.operations().stream().map(AclOperation::kafkaName).toList() + " from any host");
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("ERROR: cannot write to ZooKeeper " + zookeeper + ": " + e.getMessage());
            return 1;
        }
    }

    /** Reads {@code user=password} lines (blank lines and {@code #} comments skipped), in file order. */
    static Map<String, String> readUsers(Path file) throws IOException {
        Map<String, String> users = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0 || eq == line.length() - 1) {
                throw new IllegalArgumentException("a line is not user=password");
            }
            users.put(line.substring(0, eq).trim(), line.substring(eq + 1));
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("no user=password line");
        }
        return users;
    }

    /** Kafka's stored form of a SCRAM credential, the value of the mechanism's key in {@code /config/users/<user>}. */
    static String credentialValue(ScramMechanism mechanism, String password, byte[] salt, int iterations) {
        byte[] salted = mechanism.saltedPassword(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder();
        return "salt=" + b64.encodeToString(salt) + ",stored_key=" + b64.encodeToString(mechanism.storedKey(mechanism.clientKey(salted)))
                + ",server_key=" + b64.encodeToString(mechanism.serverKey(salted)) + ",iterations=" + iterations;
    }

    private static void writeCredential(ConfigEntityStore configs, String user, ScramMechanism mechanism, String password,
                                        int iterations) {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        String entity = ConfigEntityStore.quotaEntity(user, null);
        Map<String, String> config = new TreeMap<>(configs.get(entity).map(EntityConfig::config).orElse(Map.of()));
        config.put(mechanism.mechanismName(), credentialValue(mechanism, password, salt, iterations));
        configs.set(entity, new EntityConfig(config));
    }

    /** Adds {@code entries} to the ACLs of {@code pattern}, retrying when another writer changed the znode meanwhile. */
    private static void addAcls(AclStore store, ResourcePattern pattern, Set<AclEntry> entries) {
        for (int attempt = 0; attempt < 10; attempt++) {
            VersionedAcls current = store.read(pattern);
            Set<AclEntry> merged = new HashSet<>(current.acls());
            if (merged.containsAll(entries)) {
                return;
            }
            merged.addAll(entries);
            OptionalInt written = current.zkVersion() == VersionedAcls.NO_ZNODE
                    ? store.createIfAbsent(pattern, merged)
                    : store.setIfVersion(pattern, merged, current.zkVersion());
            if (written.isPresent()) {
                store.notifyChange(pattern);
                return;
            }
        }
        throw new IllegalStateException("the ACLs of " + pattern + " kept changing under us; try again");
    }

    private static int usage(PrintStream err, String problem) {
        return ZkToolFrame.usage(err, USAGE, problem);
    }
}
