package io.gregor.broker.metrics;

import com.codahale.metrics.jmx.ObjectNameFactory;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Publishes each metric under the MBean name it is registered with: the broker's metric names are
 * Kafka's MBean names already ({@code kafka.server:type=ReplicaManager,name=LeaderCount}), so the
 * Prometheus JMX exporter's Kafka rules and dashboards built on Kafka's names work unchanged. A name
 * that is no valid ObjectName (none of Gregor's) goes under {@code io.gregor:name="..."}.
 */
final class KafkaObjectNameFactory implements ObjectNameFactory {
    @Override
    public ObjectName createName(String type, String domain, String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            try {
                return new ObjectName("io.gregor", "name", ObjectName.quote(name));
            } catch (MalformedObjectNameException impossible) {
                throw new IllegalArgumentException("no MBean name for metric " + name, impossible);
            }
        }
    }
}
