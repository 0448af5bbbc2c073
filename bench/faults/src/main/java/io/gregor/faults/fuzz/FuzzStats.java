package io.gregor.faults.fuzz;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the fuzzer sent and how the brokers reacted. Thread-safe (adders and concurrent maps). */
final class FuzzStats {
    final LongAdder frames = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder connections = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    /** Connections the broker closed (end of stream or reset) while the fuzzer was still using them. */
    final LongAdder closedByBroker = new LongAdder();
    final LongAdder responses = new LongAdder();
    /** Frames after which neither a response nor a close came within the wait. */
    final LongAdder unanswered = new LongAdder();
    /** Frames that could not be built (a generated value the version cannot carry): skipped. */
    final LongAdder buildFailures = new LongAdder();
    final AtomicLong longestConnectMs = new AtomicLong();
    private final Map<Mutation, LongAdder> byMutation = new EnumMap<>(Mutation.class);
    private final ConcurrentHashMap<String, LongAdder> byApi = new ConcurrentHashMap<>();

    FuzzStats() {
        for (Mutation m : Mutation.values()) {
            byMutation.put(m, new LongAdder());
        }
    }

    void sent(FrameBuilder.Frame frame) {
        frames.increment();
        bytes.add(frame.bytes().length);
        byMutation.get(frame.mutation()).increment();
        byApi.computeIfAbsent(frame.target().api().title, k -> new LongAdder()).increment();
    }

    Map<Mutation, Long> byMutation() {
        Map<Mutation, Long> out = new EnumMap<>(Mutation.class);
        byMutation.forEach((m, n) -> out.put(m, n.sum()));
        return out;
    }

    Map<String, Long> byApi() {
        Map<String, Long> out = new TreeMap<>();
        byApi.forEach((k, n) -> out.put(k, n.sum()));
        return out;
    }
}
