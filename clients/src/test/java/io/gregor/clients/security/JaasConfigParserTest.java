package io.gregor.clients.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JaasConfigParserTest {

    @Test
    void readsKafkasPlainServerEntryWithQuotedAndBareValues() {
        List<JaasConfigEntry> entries = JaasConfigParser.parseEntries(
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" "
                        + "password=\"admin-secret\" user_admin=\"admin-secret\" user_alice=\"a \\\"quoted\\\" secret\" debug=true;");
        assertEquals(1, entries.size());
        JaasConfigEntry entry = entries.get(0);
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule", entry.loginModule());
        assertEquals("required", entry.flag());
        assertEquals("a \"quoted\" secret", entry.option("user_alice"));
        assertEquals("true", entry.option("debug"));
        assertEquals(List.of("username", "password", "user_admin", "user_alice", "debug"), List.copyOf(entry.options().keySet()));
    }

    @Test
    void readsAJaasFileWithSectionsAndComments() {
        Map<String, List<JaasConfigEntry>> sections = JaasConfigParser.parseFile("""
                // the broker's section
                KafkaServer {
                    org.apache.kafka.common.security.plain.PlainLoginModule required
                        username="admin" password="admin-secret" user_admin="admin-secret";
                    /* SCRAM needs no users here */
                    org.apache.kafka.common.security.scram.ScramLoginModule required;
                };
                sasl_plaintext.KafkaServer { org.apache.kafka.common.security.plain.PlainLoginModule optional; };
                """);
        assertEquals(List.of("KafkaServer", "sasl_plaintext.KafkaServer"), List.copyOf(sections.keySet()));
        assertEquals(2, sections.get("KafkaServer").size());
        assertEquals("admin-secret", sections.get("KafkaServer").get(0).option("user_admin"));
        assertEquals("optional", sections.get("sasl_plaintext.KafkaServer").get(0).flag());
    }

    @Test
    void syntaxErrorsSayWhatWasExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JaasConfigParser.parseEntries(
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\""))
                .getMessage().contains("expected ';'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JaasConfigParser.parseEntries(
                "org.apache.kafka.common.security.plain.PlainLoginModule mandatory;")).getMessage().contains("control flag"));
        assertThrows(IllegalArgumentException.class, () -> JaasConfigParser.parseEntries("  "));
        assertThrows(IllegalArgumentException.class, () -> JaasConfigParser.parseEntries("M required password=\"open;"));
    }
}
