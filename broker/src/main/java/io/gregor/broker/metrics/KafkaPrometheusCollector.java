package io.gregor.broker.metrics;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metered;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Sampling;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Hands the registry's metrics to the Prometheus client in the shape the Prometheus JMX exporter's
 * usual Kafka rules give Kafka's MBeans, so dashboards built on that work on the native endpoint
 * too: {@code kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=t} becomes the counter
 * {@code kafka_server_brokertopicmetrics_messagesin_total{topic="t"}} (its Count), a gauge
 * {@code kafka_server_replicamanager_underreplicatedpartitions} (its Value), a histogram or timer a
 * summary with Kafka's quantiles (a timer's in milliseconds, as JMX shows them); every ObjectName key but type and name is a label, with the exact
 * value (two topics differing only in '-' and '_' stay apart). Only the data model is built here;
 * the text format is the Prometheus client's.
 */
final class KafkaPrometheusCollector implements MultiCollector {
    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};
    /** A timer records nanoseconds; Kafka's timers ({@code ...RateAndTimeMs}) read in milliseconds. */
    private static final double NANOS_TO_MILLIS = 1e-6;

    private final MetricRegistry registry;

    KafkaPrometheusCollector(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, List<Object>> families = new TreeMap<>(); // family name -> data points of one kind
        Map<String, Class<?>> kinds = new TreeMap<>();
        for (Map.Entry<String, Metric> e : registry.getMetrics().entrySet()) {
            ObjectName name = objectName(e.getKey());
            if (name == null) {
                continue;
            }
            Metric metric = e.getValue();
            Labels labels = labels(name);
            String base = baseName(name);
            Object point;
            Class<?> kind;
            String family;
            if (metric instanceof Gauge<?> gauge) {
                if (!(gauge.getValue() instanceof Number number)) {
                    continue;
                }
                family = base;
                kind = GaugeSnapshot.class;
                point = GaugeDataPointSnapshot.builder().value(number.doubleValue()).labels(labels).build();
            } else if (metric instanceof Sampling sampling && metric instanceof Counting counting) {
                family = base;
                kind = SummarySnapshot.class;
                Snapshot s = sampling.getSnapshot();
                double scale = metric instanceof Timer ? NANOS_TO_MILLIS : 1.0; // timers in ms, as over JMX
                List<Quantile> quantiles = new ArrayList<>();
                for (double q : QUANTILES) {
                    quantiles.add(new Quantile(q, s.getValue(q) * scale));
                }
                point = SummaryDataPointSnapshot.builder().count(counting.getCount())
                        .sum(s.getMean() * scale * counting.getCount()).quantiles(Quantiles.of(quantiles)).labels(labels).build();
            } else if (metric instanceof Metered || metric instanceof Counting) {
                family = base.endsWith("persec") ? base.substring(0, base.length() - "persec".length()) : base;
                kind = CounterSnapshot.class;
                point = CounterDataPointSnapshot.builder().value(((Counting) metric).getCount()).labels(labels).build();
            } else {
                continue;
            }
            Class<?> known = kinds.putIfAbsent(family, kind);
            if (known == null || known == kind) {
                families.computeIfAbsent(family, f -> new ArrayList<>()).add(point);
            }
        }
        List<MetricSnapshot> snapshots = new ArrayList<>();
        families.forEach((family, points) -> snapshots.add(snapshot(family, kinds.get(family), points)));
        return new MetricSnapshots(snapshots);
    }

    private static MetricSnapshot snapshot(String family, Class<?> kind, List<Object> points) {
        if (kind == GaugeSnapshot.class) {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(family);
            points.forEach(p -> b.dataPoint((GaugeDataPointSnapshot) p));
            return b.build();
        }
        if (kind == SummarySnapshot.class) {
            SummarySnapshot.Builder b = SummarySnapshot.builder().name(family);
            points.forEach(p -> b.dataPoint((SummaryDataPointSnapshot) p));
            return b.build();
        }
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(family);
        points.forEach(p -> b.dataPoint((CounterDataPointSnapshot) p));
        return b.build();
    }

    /** {@code kafka.server:type=ReplicaManager,name=LeaderCount} -> {@code kafka_server_replicamanager_leadercount}. */
    private static String baseName(ObjectName name) {
        StringBuilder b = new StringBuilder(name.getDomain());
        if (name.getKeyProperty("type") != null) {
            b.append('_').append(name.getKeyProperty("type"));
        }
        if (name.getKeyProperty("name") != null) {
            b.append('_').append(name.getKeyProperty("name"));
        }
        return PrometheusNaming.sanitizeMetricName(b.toString().toLowerCase(Locale.ROOT));
    }

    private static Labels labels(ObjectName name) {
        Labels.Builder labels = Labels.builder();
        new TreeMap<>(name.getKeyPropertyList()).forEach((key, value) -> {
            if (!key.equals("type") && !key.equals("name")) {
                labels.label(PrometheusNaming.sanitizeLabelName(key), unquote(value));
            }
        });
        return labels.build();
    }

    private static String unquote(String value) {
        return value.startsWith("\"") ? ObjectName.unquote(value) : value;
    }

    private static ObjectName objectName(String metricName) {
        try {
            return new ObjectName(metricName);
        } catch (MalformedObjectNameException e) {
            return null;
        }
    }
}
