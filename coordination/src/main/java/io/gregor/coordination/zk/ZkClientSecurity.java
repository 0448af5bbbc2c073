package io.gregor.coordination.zk;

import java.util.Map;
import java.util.TreeMap;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * How a ZooKeeper client secures itself, as Kafka's broker does: {@code clientProperties} are
 * ZooKeeper client properties ({@code zookeeper.client.secure}, {@code zookeeper.clientCnxnSocket},
 * {@code zookeeper.ssl.keyStore.location}, ...) set on that client's own {@link ZKClientConfig}
 * (any property not set there falls back to ZooKeeper's same-named system property, as in Kafka);
 * {@code setAcl} ({@code zookeeper.set.acl}) makes every znode this client creates carry Kafka's
 * secure ACLs (see {@link KafkaZnodeAcls}). SASL (DIGEST-MD5 or Kerberos) to ZooKeeper comes from
 * the {@code Client} section of the JVM's JAAS file ({@code -Djava.security.auth.login.config}), as
 * ZooKeeper's client reads it. Immutable.
 */
public record ZkClientSecurity(Map<String, String> clientProperties, boolean setAcl) {
    /** ZooKeeper's client property enabling TLS. */
    public static final String SECURE_CLIENT = ZKClientConfig.SECURE_CLIENT;
    /** ZooKeeper's client property naming the connection class (Netty for TLS). */
    public static final String CLIENT_CNXN_SOCKET = ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET;
    /** ZooKeeper's client property naming the keystore: with TLS, identifies this client to the server. */
    public static final String KEYSTORE_LOCATION = "zookeeper.ssl.keyStore.location";
    /** The JVM's JAAS file, the system property Kafka and ZooKeeper read. */
    public static final String JAAS_FILE_PROPERTY = "java.security.auth.login.config";
    /** ZooKeeper's system property naming the JAAS section its client logs in with (default {@code Client}). */
    public static final String LOGIN_CONTEXT_PROPERTY = ZKClientConfig.LOGIN_CONTEXT_NAME_KEY;
    /** ZooKeeper's system property that can switch its client's SASL off ({@code zookeeper.sasl.client}). */
    public static final String SASL_CLIENT_PROPERTY = ZKClientConfig.ENABLE_CLIENT_SASL_KEY;

    /**
     * ZooKeeper's FIPS mode property: its 3.9 client defaults it to true, which refuses DIGEST-MD5;
     * with a JAAS {@code Client} section Gregor sets it to false unless the system property is given.
     */
    public static final String FIPS_MODE_PROPERTY = "zookeeper.fips-mode";

    /** Plain ZooKeeper: no TLS settings of its own, open ACLs. */
    public static final ZkClientSecurity NONE = new ZkClientSecurity(Map.of(), false);

    public ZkClientSecurity {
        clientProperties = Map.copyOf(clientProperties);
    }

    /**
     * The client's configuration: the system properties, overridden by {@link #clientProperties()}.
     * As Kafka does, SASL is switched off when the JVM's JAAS file has no ZooKeeper client section
     * (else ZooKeeper's client tries SASL and logs a misleading error on every connect); when it has
     * one, FIPS mode is off unless {@code zookeeper.fips-mode} is given, so that DIGEST-MD5 works as
     * with Kafka 3.9's ZooKeeper 3.8 client.
     */
    public ZKClientConfig toClientConfig() {
        ZKClientConfig config = new ZKClientConfig();
        effectiveProperties().forEach(config::setProperty);
        return config;
    }

    /** {@link #clientProperties()} with the SASL and FIPS-mode settings {@link #toClientConfig()} adds. */
    public Map<String, String> effectiveProperties() {
        Map<String, String> properties = new TreeMap<>(clientProperties);
        if (!saslConfigured()) {
            properties.put(SASL_CLIENT_PROPERTY, "false");
        } else if (!clientProperties.containsKey(FIPS_MODE_PROPERTY) && System.getProperty(FIPS_MODE_PROPERTY) == null) {
            // ZooKeeper 3.9's client defaults to FIPS mode, which refuses DIGEST-MD5; Kafka 3.9's (3.8) does not
            properties.put(FIPS_MODE_PROPERTY, "false");
        }
        return properties;
    }

    /** True when TLS is on with a connection class and a keystore (the client is known by its certificate), as Kafka checks. */
    public boolean tlsClientAuthConfigured() {
        ZKClientConfig config = new ZKClientConfig();
        clientProperties.forEach(config::setProperty);
        return "true".equals(config.getProperty(SECURE_CLIENT)) && config.getProperty(CLIENT_CNXN_SOCKET) != null
                && config.getProperty(KEYSTORE_LOCATION) != null;
    }

    /**
     * True when the JVM's JAAS configuration has the ZooKeeper client section ({@code Client}, or
     * the {@code zookeeper.sasl.clientconfig} system property's name).
     *
     * @throws IllegalStateException when that section exists but {@code zookeeper.sasl.client=false}
     *     switches SASL off, or the JAAS file cannot be read (as Kafka refuses to start)
     */
    public static boolean saslConfigured() {
        boolean enabled = Boolean.parseBoolean(System.getProperty(SASL_CLIENT_PROPERTY, "true"));
        String context = System.getProperty(LOGIN_CONTEXT_PROPERTY, ZKClientConfig.LOGIN_CONTEXT_NAME_KEY_DEFAULT);
        AppConfigurationEntry[] entries;
        try {
            entries = Configuration.getConfiguration().getAppConfigurationEntry(context);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read the JAAS configuration for ZooKeeper's " + context
                    + " section " + jaasSettings(), e);
        }
        boolean found = entries != null && entries.length > 0;
        if (found && !enabled) {
            throw new IllegalStateException("the JAAS configuration has ZooKeeper's " + context + " section but "
                    + SASL_CLIENT_PROPERTY + "=false switches SASL off " + jaasSettings());
        }
        return found;
    }

    /** The system properties that decide SASL to ZooKeeper, for messages. */
    public static String jaasSettings() {
        return "[" + JAAS_FILE_PROPERTY + "=" + System.getProperty(JAAS_FILE_PROPERTY) + ", " + SASL_CLIENT_PROPERTY + "="
                + System.getProperty(SASL_CLIENT_PROPERTY, "default:true") + ", " + LOGIN_CONTEXT_PROPERTY + "="
                + System.getProperty(LOGIN_CONTEXT_PROPERTY, "default:" + ZKClientConfig.LOGIN_CONTEXT_NAME_KEY_DEFAULT) + "]";
    }

    @Override
    public String toString() { // keystore and truststore passwords never reach a log
        Map<String, String> shown = new TreeMap<>(clientProperties);
        shown.replaceAll((k, v) -> k.toLowerCase().contains("password") ? "[hidden]" : v);
        return "ZkClientSecurity" + shown + (setAcl ? " with secure ACLs" : "");
    }
}
