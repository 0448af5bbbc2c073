package io.gregor.broker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.security.ListenerSasl;
import io.gregor.clients.security.ClientSaslConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SASL keys of server.properties, read as Kafka reads them, and the lines that stop a bad setup. */
class SaslConfigsTest {
    private static final String PLAIN_JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_alice=\"alice-secret\";";

    @TempDir
    Path dir;

    private static Map<String, String> saslBroker(String... pairs) {
        Map<String, String> raw = new HashMap<>(Map.of("broker.id", "1", "zookeeper.connect", "127.0.0.1:2181",
                "listeners", "INTERNAL://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL"));
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return raw;
    }

    @Test
    void listenerJaasConfigGivesThePlainUsersAndTheMechanismsAndReauthAreKafkas() {
        BrokerConfig config = BrokerConfig.fromMap(saslBroker("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", PLAIN_JAAS,
                "connections.max.reauth.ms", "60000"));
        ListenerSasl sasl = config.saslListeners().get("SASL_PLAINTEXT");
        assertEquals(List.of("PLAIN", "SCRAM-SHA-512"), sasl.enabledMechanisms());
        assertEquals(Map.of("admin", "admin-secret", "alice", "alice-secret"), sasl.plainUsers());
        assertEquals(60_000, sasl.connectionsMaxReauthMs());
        assertEquals(List.of("SASL_PLAINTEXT"), List.copyOf(config.saslListeners().keySet()));
    }

    @Test
    void kafkasDefaultGssapiStopsStartupOnASaslListenerOnly() {
        ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfig.fromMap(saslBroker()));
        assertTrue(e.getMessage().contains("sasl.enabled.mechanisms") && e.getMessage().contains("GSSAPI"), e.getMessage());
        BrokerConfig plaintextOnly = BrokerConfig.fromMap(Map.of("broker.id", "1", "zookeeper.connect", "127.0.0.1:2181"));
        assertTrue(plaintextOnly.saslListeners().isEmpty());
    }

    @Test
    void plainWithoutAnyJaasConfigStopsStartupNamingTheListenerKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> BrokerConfig.fromMap(saslBroker("sasl.enabled.mechanisms", "PLAIN")));
        assertTrue(e.getMessage().contains("listener.name.sasl_plaintext.plain.sasl.jaas.config"), e.getMessage());
    }

    @Test
    void aBrokenJaasConfigStopsStartupWithoutPrintingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> BrokerConfig.fromMap(saslBroker(
                "sasl.enabled.mechanisms", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", "PlainLoginModule required user_alice=\"secret")));
        assertTrue(e.getMessage().contains("listener.name.sasl_plaintext.plain.sasl.jaas.config"), e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void theListenerSectionOfAJaasFileWinsOverKafkaServer() throws Exception {
        Path file = dir.resolve("kafka_server_jaas.conf");
        Files.writeString(file, """
                KafkaServer { org.apache.kafka.common.security.plain.PlainLoginModule required user_bob="bob-secret"; };
                sasl_plaintext.KafkaServer {
                    org.apache.kafka.common.security.plain.PlainLoginModule required user_carol="carol-secret";
                };
                """);
        Map<String, String> raw = saslBroker("sasl.enabled.mechanisms", "PLAIN");
        BrokerConfig base = BrokerConfig.fromMap(saslBroker("sasl.enabled.mechanisms", "SCRAM-SHA-256"));
        Map<String, Object> values = new HashMap<>(Map.of("sasl.enabled.mechanisms", List.of("PLAIN"),
                "connections.max.reauth.ms", 0L));
        Map<String, ListenerSasl> sasl = SaslConfigs.parse(values, raw, base.listeners(), file.toString());
        assertEquals(Map.of("carol", "carol-secret"), sasl.get("SASL_PLAINTEXT").plainUsers());
    }

    @Test
    void aSaslInterBrokerListenerGivesTheBrokersCredentialsFromItsJaasEntryForTheInterBrokerMechanism() {
        String scram = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" "
                + "password=\"broker-secret\";";
        BrokerConfig config = BrokerConfig.fromMap(saslBroker("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512",
                "inter.broker.listener.name", "SASL_PLAINTEXT", "sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", PLAIN_JAAS,
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", scram));
        ClientSaslConfig credentials = config.interBrokerClientSecurity().sasl();
        assertEquals(new ClientSaslConfig("SCRAM-SHA-512", "broker", "broker-secret"), credentials);
        assertEquals(credentials, config.controlPlaneClientSecurity().sasl());
        assertEquals("SASL_PLAINTEXT", config.interBrokerClientSecurity().securityProtocol());
        assertFalse(config.toString().contains("broker-secret"), "a JAAS password is printed");

        // PLAIN between brokers: the username/password options of the listener's PLAIN entry (beside its user_ options)
        BrokerConfig plain = BrokerConfig.fromMap(saslBroker("sasl.enabled.mechanisms", "PLAIN",
                "inter.broker.listener.name", "SASL_PLAINTEXT", "sasl.mechanism.inter.broker.protocol", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", PLAIN_JAAS));
        assertEquals(new ClientSaslConfig("PLAIN", "admin", "admin-secret"), plain.interBrokerClientSecurity().sasl());
    }

    @Test
    void aSaslInterBrokerListenerWithoutUsableCredentialsStopsStartupNamingTheKey() {
        // Kafka's default inter-broker mechanism, GSSAPI, is not enabled on the listener
        assertEquals("sasl.mechanism.inter.broker.protocol", assertThrows(ConfigException.class, () -> BrokerConfig.fromMap(
                saslBroker("sasl.enabled.mechanisms", "SCRAM-SHA-512", "inter.broker.listener.name", "SASL_PLAINTEXT"))).key());
        // no JAAS entry for the mechanism on the listener
        assertEquals("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", assertThrows(ConfigException.class,
                () -> BrokerConfig.fromMap(saslBroker("sasl.enabled.mechanisms", "SCRAM-SHA-512",
                        "inter.broker.listener.name", "SASL_PLAINTEXT", "sasl.mechanism.inter.broker.protocol",
                        "SCRAM-SHA-512"))).key());
        // an entry without username and password
        ConfigException noUser = assertThrows(ConfigException.class, () -> BrokerConfig.fromMap(saslBroker(
                "sasl.enabled.mechanisms", "SCRAM-SHA-512", "inter.broker.listener.name", "SASL_PLAINTEXT",
                "sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512",
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;")));
        assertEquals("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", noUser.key());
        assertFalse(noUser.getMessage().contains("\n"), noUser.getMessage());
    }

    @Test
    void perListenerMechanismsOverrideTheBrokerWideList() {
        BrokerConfig config = BrokerConfig.fromMap(saslBroker("listener.name.sasl_plaintext.sasl.enabled.mechanisms",
                "SCRAM-SHA-256"));
        assertEquals(List.of("SCRAM-SHA-256"), config.saslListeners().get("SASL_PLAINTEXT").enabledMechanisms());
    }
}
