package io.gregor.broker.metrics;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import javax.management.MBeanServer;

/**
 * One broker's metrics: the registry every component records into, published over JMX under
 * Kafka's MBean names and, with {@code metrics.http.listener} set, on {@code /metrics} in the
 * Prometheus text format. Several brokers in one JVM (tests) each publish the same MBean names: the
 * platform MBean server keeps the first broker's; each broker's own registry and HTTP endpoint stay
 * exact.
 */
public final class BrokerMetrics implements AutoCloseable {
    private final MetricRegistry registry = new MetricRegistry();
    private final JmxReporter jmx;
    private final HTTPServer http; // null without metrics.http.listener

    private BrokerMetrics(MBeanServer mbeanServer, Optional<MetricsHttpListener> listener) throws IOException {
        this.jmx = JmxReporter.forRegistry(registry).registerWith(mbeanServer)
                .createsObjectNamesWith(new KafkaObjectNameFactory()).build();
        if (listener.isPresent()) {
            PrometheusRegistry prometheus = new PrometheusRegistry();
            prometheus.register(new KafkaPrometheusCollector(registry));
            this.http = HTTPServer.builder().hostname(listener.get().host()).port(listener.get().port())
                    .registry(prometheus).buildAndStart();
        } else {
            this.http = null;
        }
    }

    /** Starts JMX publication on the platform MBean server and the HTTP endpoint if {@code listener} is present. */
    public static BrokerMetrics start(Optional<MetricsHttpListener> listener) {
        try {
            BrokerMetrics metrics = new BrokerMetrics(ManagementFactory.getPlatformMBeanServer(), listener);
            metrics.jmx.start();
            return metrics;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + MetricsHttpListener.KEY + " " + listener.orElseThrow(), e);
        }
    }

    /** The registry components record into (names are Kafka's MBean names, see {@link KafkaMetricName}). */
    public MetricRegistry registry() {
        return registry;
    }

    /** The bound port of the Prometheus endpoint, if it is on. */
    public Optional<Integer> httpPort() {
        return http == null ? Optional.empty() : Optional.of(http.getPort());
    }

    @Override
    public void close() {
        jmx.close();
        if (http != null) {
            http.close();
        }
    }
}
