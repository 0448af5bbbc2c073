package io.gregor.broker.config;

import io.gregor.broker.security.ListenerSasl;
import io.gregor.clients.security.ClientSaslConfig;
import io.gregor.clients.security.JaasConfigEntry;
import io.gregor.clients.security.JaasConfigParser;
import io.gregor.coordination.zk.EndPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The SASL settings of the broker's SASL_PLAINTEXT and SASL_SSL listeners, read the Kafka way:
 * <ul>
 *   <li>{@code sasl.enabled.mechanisms} (Kafka's default GSSAPI), overridable per listener as
 *       {@code listener.name.<l>.sasl.enabled.mechanisms}; only PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512
 *       are implemented, any other mechanism on a SASL listener stops startup;</li>
 *   <li>the JAAS config of each mechanism: {@code listener.name.<l>.<mechanism lowercased>.sasl.jaas.config},
 *       else the {@code <l lowercased>.KafkaServer} or {@code KafkaServer} section of the JAAS file named by the
 *       {@code java.security.auth.login.config} system property; PLAIN's users are the
 *       {@code user_<name>="<password>"} options of its PlainLoginModule entry (PLAIN needs one);</li>
 *   <li>{@code connections.max.reauth.ms}, overridable as {@code listener.name.<l>.<mechanism>.connections.max.reauth.ms}
 *       (Gregor applies the smallest of the listener's mechanisms' values to the listener).</li>
 * </ul>
 * Nothing here applies to listeners without SASL. Immutable.
 */
final class SaslConfigs {
    static final String JAAS_FILE_PROPERTY = "java.security.auth.login.config";
    static final String INTER_BROKER_MECHANISM = "sasl.mechanism.inter.broker.protocol";
    /** The JAAS file section of a broker's SASL logins, as in Kafka (optionally prefixed {@code <listener>.}). */
    private static final String KAFKA_SERVER_SECTION = "KafkaServer";
    private static final Pattern LISTENER_KEY = Pattern.compile(
            "listener\\.name\\.[^.]+\\.(sasl\\.enabled\\.mechanisms|[^.]+\\.sasl\\.jaas\\.config|[^.]+\\.connections\\.max\\.reauth\\.ms)");
    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";

    private SaslConfigs() {
    }

    /** True for the listener-prefixed SASL keys this class reads. */
    static boolean isListenerKey(String key) {
        return LISTENER_KEY.matcher(key).matches();
    }

    /**
     * The SASL settings of every SASL listener, by listener name.
     *
     * @throws ConfigException naming the key of the first bad setting
     */
    static Map<String, ListenerSasl> parse(Map<String, Object> values, Map<String, String> raw, List<EndPoint> listeners,
                                           String jaasFile) {
        Map<String, ListenerSasl> result = new LinkedHashMap<>();
        Map<String, List<JaasConfigEntry>> fileSections = null;
        for (EndPoint listener : listeners) {
            if (!listener.securityProtocol().startsWith("SASL_")) {
                continue;
            }
            String prefix = "listener.name." + listener.listenerName().toLowerCase(Locale.ROOT) + ".";
            String mechanismsKey = raw.containsKey(prefix + "sasl.enabled.mechanisms")
                    ? prefix + "sasl.enabled.mechanisms" : "sasl.enabled.mechanisms";
            List<String> mechanisms = raw.containsKey(prefix + "sasl.enabled.mechanisms")
                    ? splitList(raw.get(prefix + "sasl.enabled.mechanisms")) : castList(values.get("sasl.enabled.mechanisms"));
            if (mechanisms.isEmpty()) {
                throw new ConfigException(mechanismsKey, "''", "listener " + listener.listenerName()
                        + " uses SASL and needs at least one mechanism");
            }
            for (String mechanism : mechanisms) {
                if (!ListenerSasl.SUPPORTED_MECHANISMS.contains(mechanism)) {
                    throw new ConfigException(mechanismsKey, String.join(",", mechanisms), "SASL mechanism " + mechanism
                            + " is not supported by Gregor (listener " + listener.listenerName() + "); supported: "
                            + String.join(", ", ListenerSasl.SUPPORTED_MECHANISMS));
                }
            }
            Map<String, String> plainUsers = Map.of();
            if (mechanisms.contains("PLAIN")) {
                String jaasKey = prefix + "plain.sasl.jaas.config";
                if (fileSections == null && !raw.containsKey(jaasKey)) {
                    fileSections = readJaasFile(jaasFile, jaasKey);
                }
                List<JaasConfigEntry> entries = jaasEntries(raw, listener.listenerName(), jaasKey, fileSections);
                if (entries == null) {
                    throw new ConfigException(jaasKey, "(unset)", "listener " + listener.listenerName()
                            + " enables PLAIN but neither this key nor a KafkaServer section of a JAAS file ("
                            + JAAS_FILE_PROPERTY + ") configures it");
                }
                plainUsers = plainUsers(entries, jaasKey);
            }
            long reauthMs = (long) values.get("connections.max.reauth.ms");
            for (String mechanism : mechanisms) {
                String key = prefix + mechanism.toLowerCase(Locale.ROOT) + ".connections.max.reauth.ms";
                if (raw.containsKey(key)) {
                    try {
                        long override = Long.parseLong(raw.get(key).trim());
                        reauthMs = reauthMs <= 0 ? override : override <= 0 ? reauthMs : Math.min(reauthMs, override);
                    } catch (NumberFormatException e) {
                        throw new ConfigException(key, "'" + raw.get(key) + "'", "not a number");
                    }
                }
            }
            result.put(listener.listenerName(), new ListenerSasl(listener.listenerName(), mechanisms, plainUsers, reauthMs));
        }
        return result;
    }

    /**
     * The JAAS entries of {@code jaasKey} ({@code listener.name.<l>.<mechanism>.sasl.jaas.config}) when set,
     * else the {@code <l>.KafkaServer} or {@code KafkaServer} section of the JAAS file; null when neither exists.
     */
    private static List<JaasConfigEntry> jaasEntries(Map<String, String> raw, String listenerName, String jaasKey,
                                                     Map<String, List<JaasConfigEntry>> fileSections) {
        if (raw.containsKey(jaasKey)) {
            try {
                return JaasConfigParser.parseEntries(raw.get(jaasKey));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(jaasKey, "(hidden)", e.getMessage());
            }
        }
        List<JaasConfigEntry> entries = fileSections.get(listenerName.toLowerCase(Locale.ROOT) + "." + KAFKA_SERVER_SECTION);
        return entries != null ? entries : fileSections.get(KAFKA_SERVER_SECTION);
    }

    /**
     * The credentials this broker authenticates with on {@code listener} (a SASL listener other
     * brokers serve: the inter-broker or control-plane one), as Kafka takes them: the mechanism is
     * {@code sasl.mechanism.inter.broker.protocol}, which the listener must enable, and the user is the
     * {@code username} / {@code password} options of that mechanism's JAAS entry on the listener.
     * Null when {@code listener} is null (not a SASL listener).
     *
     * @throws ConfigException naming the key when the mechanism is not enabled or the entry lacks the options
     */
    static ClientSaslConfig interBrokerCredentials(Map<String, Object> values, Map<String, String> raw,
                                                   ListenerSasl listener, String jaasFile) {
        if (listener == null) {
            return null;
        }
        String mechanism = ((String) values.get(INTER_BROKER_MECHANISM)).trim();
        if (!listener.enabledMechanisms().contains(mechanism)) {
            throw new ConfigException(INTER_BROKER_MECHANISM, mechanism, "must be one of the mechanisms enabled on the "
                    + "SASL listener " + listener.listenerName() + " the brokers connect to ("
                    + String.join(",", listener.enabledMechanisms()) + ")");
        }
        String jaasKey = "listener.name." + listener.listenerName().toLowerCase(Locale.ROOT) + "."
                + mechanism.toLowerCase(Locale.ROOT) + ".sasl.jaas.config";
        List<JaasConfigEntry> entries = jaasEntries(raw, listener.listenerName(), jaasKey,
                raw.containsKey(jaasKey) ? Map.of() : readJaasFile(jaasFile, jaasKey));
        if (entries == null || entries.isEmpty()) {
            throw new ConfigException(jaasKey, "(unset)", "the brokers authenticate to each other on listener "
                    + listener.listenerName() + " with " + mechanism + ", whose username and password come from this key"
                    + " or a KafkaServer section of a JAAS file (" + JAAS_FILE_PROPERTY + ")");
        }
        JaasConfigEntry entry = entries.get(0);
        String username = entry.option("username");
        String password = entry.option("password");
        if (username == null || password == null) {
            throw new ConfigException(jaasKey, "(hidden)", "needs username and password options: the credentials this "
                    + "broker authenticates with to the other brokers with " + mechanism);
        }
        return new ClientSaslConfig(mechanism, username, password);
    }

    private static Map<String, String> plainUsers(List<JaasConfigEntry> entries, String key) {
        for (JaasConfigEntry entry : entries) {
            if (entry.loginModule().equals(PLAIN_MODULE)) {
                Map<String, String> users = new LinkedHashMap<>();
                entry.options().forEach((name, value) -> {
                    if (name.startsWith("user_") && name.length() > "user_".length()) {
                        users.put(name.substring("user_".length()), value);
                    }
                });
                return users;
            }
        }
        throw new ConfigException(key, "(hidden)", "no " + PLAIN_MODULE + " entry");
    }

    private static Map<String, List<JaasConfigEntry>> readJaasFile(String jaasFile, String key) {
        if (jaasFile == null || jaasFile.isBlank()) {
            return Map.of();
        }
        try {
            return JaasConfigParser.parseFile(Files.readString(Path.of(jaasFile), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException(JAAS_FILE_PROPERTY, jaasFile, "cannot read the JAAS file: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(JAAS_FILE_PROPERTY, jaasFile, e.getMessage());
        }
    }

    private static List<String> splitList(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.trim().isEmpty()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }
}
