package io.gregor.broker.metrics;

import javax.management.ObjectName;

/** Builds Kafka's MBean names, the names metrics are registered under (topic names quoted when they must be). */
public final class KafkaMetricName {
    private KafkaMetricName() {
    }

    /** {@code domain:type=type,name=name}. */
    public static String of(String domain, String type, String name) {
        return domain + ":type=" + type + ",name=" + name;
    }

    /** {@code domain:type=type,name=name,topic=topic}. */
    public static String ofTopic(String domain, String type, String name, String topic) {
        return of(domain, type, name) + ",topic=" + value(topic);
    }

    /** {@code domain:type=type,name=name,topic=topic,partition=partition}: Kafka's tag order, topic first. */
    public static String ofPartition(String domain, String type, String name, String topic, int partition) {
        return ofTopic(domain, type, name, topic) + ",partition=" + partition;
    }

    /**
     * A legal ObjectName value: Kafka's topic names ([a-zA-Z0-9._-]) need no quoting; anything else
     * (a group id may hold any character, or none) is quoted.
     */
    public static String value(String v) {
        if (v.isEmpty()) {
            return ObjectName.quote(v);
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '=' || c == ':' || c == '"' || c == '*' || c == '?' || c == '\n') {
                return ObjectName.quote(v);
            }
        }
        return v;
    }
}
