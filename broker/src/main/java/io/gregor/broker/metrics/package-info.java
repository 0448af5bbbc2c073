/**
 * The broker's metrics (issue 15): one Dropwizard {@code MetricRegistry} per broker, whose metric
 * names are Kafka's MBean names ({@code kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec}),
 * published over JMX by Dropwizard's {@code JmxReporter} ({@link KafkaObjectNameFactory}) and, when
 * {@code metrics.http.listener} is set, over HTTP in the Prometheus text format by the Prometheus Java
 * client ({@link MetricsHttpListener}, {@link KafkaPrometheusCollector}). Other modules record through the same library's API into the
 * registry they are handed; nothing here hand-writes a meter or an exposition format. The request
 * metrics ({@link RequestMetrics}) are fed by the socket server through its
 * {@link io.gregor.broker.network.RequestObserver}, once per request.
 */
package io.gregor.broker.metrics;
