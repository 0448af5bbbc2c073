package io.gregor.coordination.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** zookeeper-shell.sh's translation of Kafka's -zk-tls-config-file into ZooKeeperMain's -client-configuration. */
class ZooKeeperShellTest {

    private static Properties load(String file) throws Exception {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        return props;
    }

    @Test
    void aKafkaTlsConfigFileBecomesZooKeepersClientConfigurationAndTheCommandFollows() throws Exception {
        Path tls = Files.createTempFile("zk-tls-", ".properties");
        try {
            Files.writeString(tls, String.join("\n", "zookeeper.ssl.client.enable=true",
                    "zookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty",
                    "zookeeper.ssl.keystore.location=/etc/gregor/zk-client.p12",
                    "zookeeper.ssl.keystore.password=ks-secret", ""));

            String[] args = ZooKeeperShell.zooKeeperMainArgs(new String[] {"zk1:2182/gregor", "-zk-tls-config-file",
                    tls.toString(), "ls", "/brokers/ids"});

            assertEquals(List.of("-server", "zk1:2182/gregor", "-client-configuration"), List.of(args).subList(0, 3));
            assertEquals(List.of("ls", "/brokers/ids"), List.of(args).subList(4, 6));
            Properties config = load(args[3]);
            assertEquals("true", config.getProperty("zookeeper.client.secure"));
            assertEquals("org.apache.zookeeper.ClientCnxnSocketNetty", config.getProperty("zookeeper.clientCnxnSocket"));
            assertEquals("/etc/gregor/zk-client.p12", config.getProperty("zookeeper.ssl.keyStore.location"));
            assertEquals("ks-secret", config.getProperty("zookeeper.ssl.keyStore.password"));
        } finally {
            Files.deleteIfExists(tls);
        }
    }

    @Test
    void withoutATlsFileTheShellConnectsPlainly() throws Exception {
        String[] args = ZooKeeperShell.zooKeeperMainArgs(new String[] {"127.0.0.1:2181", "get", "/cluster/id"});

        assertEquals(List.of("get", "/cluster/id"), List.of(args).subList(4, 6));
        assertEquals(null, load(args[3]).getProperty("zookeeper.client.secure"));
    }

    @Test
    void aMissingConnectStringOrTlsFileValueIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ZooKeeperShell.zooKeeperMainArgs(new String[] {}));
        assertThrows(IllegalArgumentException.class,
                () -> ZooKeeperShell.zooKeeperMainArgs(new String[] {"127.0.0.1:2181", "-zk-tls-config-file"}));
    }
}
