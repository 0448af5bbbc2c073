package io.gregor.clients.consumer.assignor;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns {@code partition.assignment.strategy} into assignors. Accepts Kafka's protocol names
 * ({@code range}, {@code roundrobin}, {@code cooperative-sticky}), the class names Kafka users write
 * ({@code org.apache.kafka.clients.consumer.RangeAssignor}, ...), Gregor's own class names, and any
 * class implementing {@link ConsumerPartitionAssignor} with a public no-argument constructor.
 */
public final class Assignors {
    private static final Map<String, Supplier<ConsumerPartitionAssignor>> KNOWN = Map.of(
            RangeAssignor.NAME, RangeAssignor::new,
            RoundRobinAssignor.NAME, RoundRobinAssignor::new,
            CooperativeStickyAssignor.NAME, CooperativeStickyAssignor::new,
            "org.apache.kafka.clients.consumer.RangeAssignor", RangeAssignor::new,
            "org.apache.kafka.clients.consumer.RoundRobinAssignor", RoundRobinAssignor::new,
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor", CooperativeStickyAssignor::new,
            RangeAssignor.class.getName(), RangeAssignor::new,
            RoundRobinAssignor.class.getName(), RoundRobinAssignor::new,
            CooperativeStickyAssignor.class.getName(), CooperativeStickyAssignor::new);

    private Assignors() {
    }

    /** New assignors for the configured names, in order; duplicate protocol names are refused. */
    public static List<ConsumerPartitionAssignor> create(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("config partition.assignment.strategy is empty");
        }
        List<ConsumerPartitionAssignor> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : names) {
            String name = raw.startsWith("class ") ? raw.substring("class ".length()).trim() : raw.trim();
            ConsumerPartitionAssignor a = KNOWN.containsKey(name) ? KNOWN.get(name).get() : instantiate(name);
            if (!seen.add(a.name())) {
                throw new IllegalArgumentException("config partition.assignment.strategy names assignor '" + a.name() + "' twice");
            }
            out.add(a);
        }
        return out;
    }

    private static ConsumerPartitionAssignor instantiate(String className) {
        try {
            Class<?> c = Class.forName(className);
            if (!ConsumerPartitionAssignor.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException("config partition.assignment.strategy: " + className
                        + " does not implement " + ConsumerPartitionAssignor.class.getName()
                        + "; known names are range, roundrobin, cooperative-sticky");
            }
            return (ConsumerPartitionAssignor) c.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("config partition.assignment.strategy: unknown assignor " + className
                    + "; known names are range, roundrobin, cooperative-sticky", e);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalArgumentException("config partition.assignment.strategy: cannot create " + className, cause);
        }
    }
}
