package io.gregor.coordination.tools;

import io.gregor.coordination.zk.ZkClientSecurity;
import io.gregor.coordination.zk.ZkTlsKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code bin/zookeeper-shell.sh host:port[/chroot] [-zk-tls-config-file FILE] [command args...]}:
 * ZooKeeper's own command-line client ({@code ZooKeeperMain}), as Kafka ships it: with
 * {@code -zk-tls-config-file}, a file of Kafka's {@code zookeeper.ssl.*} keys, it connects over TLS;
 * SASL comes from the JAAS file's {@code Client} section ({@code GREGOR_OPTS=-Djava.security.auth.login.config=...}).
 * The ZooKeeper client properties go to ZooKeeperMain as its {@code -client-configuration} file (a
 * temp file readable only by this user, deleted when the JVM exits).
 */
public final class ZooKeeperShell {
    static final String USAGE = "USAGE: zookeeper-shell.sh zookeeper_host:port[/path] [-zk-tls-config-file file] [args...]";

    private ZooKeeperShell() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        String[] zooKeeperMainArgs;
        try {
            zooKeeperMainArgs = zooKeeperMainArgs(args);
        } catch (IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            System.exit(1);
            return;
        }
        org.apache.zookeeper.ZooKeeperMain.main(zooKeeperMainArgs);
    }

    /** ZooKeeperMain's arguments for this shell's {@code args}, writing the client configuration file. */
    static String[] zooKeeperMainArgs(String[] args) throws IOException {
        if (args.length < 1 || args[0].startsWith("-")) {
            throw new IllegalArgumentException("Missing the ZooKeeper connect string");
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        ZkClientSecurity security = ZkClientSecurity.NONE;
        if (!rest.isEmpty() && rest.get(0).equals("-zk-tls-config-file")) {
            if (rest.size() < 2) {
                throw new IllegalArgumentException("Missing value for -zk-tls-config-file");
            }
            Path file = Path.of(rest.get(1));
            try {
                security = new ZkClientSecurity(ClusterCommand.tlsProperties(file), false);
            } catch (ZkTlsKeys.BadKeyException e) {
                throw new IllegalArgumentException("Bad -zk-tls-config-file " + file + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new IOException("Cannot read -zk-tls-config-file " + file + ": " + e, e);
            }
            rest = rest.subList(2, rest.size());
        }
        List<String> out = new ArrayList<>(List.of("-server", args[0], "-client-configuration",
                writeClientConfiguration(security.effectiveProperties()).toString()));
        out.addAll(rest);
        return out.toArray(String[]::new);
    }

    private static Path writeClientConfiguration(Map<String, String> properties) throws IOException {
        Path file;
        try {
            file = Files.createTempFile("zookeeper-shell-", ".properties",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            file = Files.createTempFile("zookeeper-shell-", ".properties");
        }
        file.toFile().deleteOnExit();
        Properties props = new Properties();
        props.putAll(properties);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(writer, "zookeeper-shell.sh client configuration");
        }
        return file;
    }
}
