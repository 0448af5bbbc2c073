package io.gregor.faults.fuzz;

import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ApiVersionsRequest;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse.ApiKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The frame fuzzer's command line: discovers the APIs and versions the first broker advertises,
 * starts the {@link VerifiedLoad}, sends the mutated frames ({@link FrameFuzzer}), then verifies
 * the load and prints what happened. Run by {@code bench/faults/fuzz.sh}, which also starts and
 * checks the cluster; it can be run on its own against any cluster:
 *
 * <pre>
 * java -cp 'bench/faults/target/*:bench/faults/target/lib/*' io.gregor.faults.fuzz.FuzzMain \
 *     --bootstrap 127.0.0.1:9092,127.0.0.1:9093 [--frames 100000] [--connections 16] [--seed 1]
 *     [--max-request-bytes 104857600] [--rate 200] [--skip-apis LeaderAndIsr,StopReplica]
 *     [--mutations BIT_FLIPS,SIZE_PREFIX] [--summary file]
 * </pre>
 *
 * Exit status: 0 when the load lost, duplicated and reordered nothing; 1 otherwise; 2 for bad arguments.
 */
public final class FuzzMain {
    private static final String TOPIC = "fuzz-verified";
    private static final String GROUP = "fuzz-verified-group";

    private FuzzMain() {
    }

    record Options(List<InetSocketAddress> brokers, String bootstrap, long frames, int connections, long seed,
                   int maxRequestBytes, int rate, Set<String> onlyApis, Set<String> skipApis, Mutation[] mutations,
                   Path summary) {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        System.exit(run(options, System.out));
    }

    static String usage() {
        return "USAGE: FuzzMain --bootstrap host:port[,host:port...] [--frames N (100000)] [--connections C (16)]\n"
                + "       [--seed S (1)] [--max-request-bytes B (104857600)] [--rate R records/s (200)]\n"
                + "       [--only-apis Api,Api] [--skip-apis Api,Api] [--mutations M,M (all of " + Arrays.toString(Mutation.values()) + ")]\n"
                + "       [--summary FILE]";
    }

    static Options parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (!key.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument '" + key + "'");
            }
            given.put(key.substring(2), args[++i]);
        }
        Set<String> known = Set.of("bootstrap", "frames", "connections", "seed", "max-request-bytes", "rate",
                "only-apis", "skip-apis", "mutations", "summary");
        for (String key : given.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key);
            }
        }
        String bootstrap = given.get("bootstrap");
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("--bootstrap is required");
        }
        List<InetSocketAddress> brokers = new ArrayList<>();
        for (String hp : bootstrap.split(",")) {
            int colon = hp.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--bootstrap entries are host:port, got '" + hp + "'");
            }
            brokers.add(new InetSocketAddress(hp.substring(0, colon), positiveInt("bootstrap port", hp.substring(colon + 1))));
        }
        Mutation[] mutations = Mutation.values();
        if (given.containsKey("mutations")) {
            List<Mutation> chosen = new ArrayList<>();
            for (String m : given.get("mutations").split(",")) {
                try {
                    chosen.add(Mutation.valueOf(m.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown mutation '" + m + "'");
                }
            }
            mutations = chosen.toArray(Mutation[]::new);
        }
        Set<String> skip = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (given.containsKey("skip-apis")) {
            skip.addAll(Arrays.asList(given.get("skip-apis").split(",")));
        }
        Set<String> only = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (given.containsKey("only-apis")) {
            only.addAll(Arrays.asList(given.get("only-apis").split(",")));
        }
        return new Options(brokers, bootstrap, positiveLong("frames", given.getOrDefault("frames", "100000")),
                positiveInt("connections", given.getOrDefault("connections", "16")),
                Long.parseLong(given.getOrDefault("seed", "1")),
                positiveInt("max-request-bytes", given.getOrDefault("max-request-bytes", "104857600")),
                positiveInt("rate", given.getOrDefault("rate", "200")), only, skip, mutations,
                given.containsKey("summary") ? Path.of(given.get("summary")) : null);
    }

    private static int positiveInt(String what, String text) {
        long v = positiveLong(what, text);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " is too large: " + text);
        }
        return (int) v;
    }

    private static long positiveLong(String what, String text) {
        try {
            long v = Long.parseLong(text.trim());
            if (v <= 0) {
                throw new IllegalArgumentException(what + " must be positive, got " + text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a number: " + text);
        }
    }

    /** Every request version the broker advertises and the codec knows, of the chosen APIs (empty: all) minus the skipped. */
    static List<FrameBuilder.Target> advertisedTargets(InetSocketAddress broker, Set<String> only, Set<String> skip)
            throws IOException {
        List<FrameBuilder.Target> targets = new ArrayList<>();
        try (KafkaConnection conn = KafkaConnection.connect(broker, "fuzz-discovery", 10_000)) {
            Struct response = conn.send(ApiKey.API_VERSIONS, (short) 3, ApiMessages.request(ApiKey.API_VERSIONS)
                    .newStruct().set(ApiVersionsRequest.CLIENT_SOFTWARE_NAME, "gregor-fuzzer")
                    .set(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION, "1"));
            for (Struct k : response.getStructs(ApiVersionsResponse.API_KEYS)) {
                ApiKey key = ApiKey.forId(k.getShort(ApiKeys.API_KEY));
                if (key == null || ApiMessages.spec(key, MessageType.REQUEST) == null || skip.contains(key.title)
                        || (!only.isEmpty() && !only.contains(key.title))) {
                    continue;
                }
                short from = (short) Math.max(k.getShort(ApiKeys.MIN_VERSION), key.minVersion);
                short to = (short) Math.min(k.getShort(ApiKeys.MAX_VERSION), key.maxVersion);
                for (short v = from; v <= to; v++) {
                    targets.add(new FrameBuilder.Target(key, v));
                }
            }
        }
        return targets;
    }

    static int run(Options o, PrintStream out) throws Exception {
        List<FrameBuilder.Target> targets = advertisedTargets(o.brokers().get(0), o.onlyApis(), o.skipApis());
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no API left to fuzz (--only-apis " + o.onlyApis() + ", --skip-apis "
                    + o.skipApis() + ")");
        }
        Set<String> apis = new TreeSet<>();
        targets.forEach(t -> apis.add(t.api().title));
        out.printf("Fuzzing %d API versions of %d APIs: %s%n", targets.size(), apis.size(), apis);
        NamePool names = NamePool.standard(TOPIC, GROUP);
        try (VerifiedLoad load = new VerifiedLoad(o.bootstrap(), TOPIC, 3, o.rate())) {
            load.start();
            long warmDeadline = System.nanoTime() + 60_000_000_000L;
            while ((load.acknowledged() < 10 || load.recordsRead() < 10) && System.nanoTime() < warmDeadline) {
                Thread.sleep(100);
            }
            if (load.acknowledged() < 10 || load.recordsRead() < 10) {
                throw new IllegalStateException("the verified producer and consumer did not get going within 60 s");
            }
            load.startMeasuring();
            long start = System.nanoTime();
            FrameFuzzer fuzzer = new FrameFuzzer(o.brokers(), targets, names, o.maxRequestBytes(), o.mutations());
            FuzzStats stats = fuzzer.run(o.frames(), o.connections(), o.seed(), 10_000, s -> out.printf(
                    "  %,d frames, %,d connections (%,d closed by the brokers), %,d responses; load: %,d acked,"
                            + " longest gap %d ms%n", s.frames.sum(), s.connections.sum(), s.closedByBroker.sum(),
                    s.responses.sum(), load.acknowledged(), load.longestAckGapMs()));
            long fuzzMs = (System.nanoTime() - start) / 1_000_000;
            Thread.sleep(5_000); // the load runs on a little after the last frame
            VerifiedLoad.Result result = load.finish(60_000);
            report(o, stats, result, fuzzMs, out);
            return result.lost() == 0 && result.duplicated() == 0 && result.reordered() == 0 ? 0 : 1;
        }
    }

    private static void report(Options o, FuzzStats s, VerifiedLoad.Result r, long fuzzMs, PrintStream out)
            throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("seed", Long.toString(o.seed()));
        rows.put("frames sent", String.format("%,d", s.frames.sum()));
        rows.put("bytes sent", String.format("%,d", s.bytes.sum()));
        rows.put("fuzzing time", String.format("%.1f s (%,.0f frames/s)", fuzzMs / 1000.0, s.frames.sum() * 1000.0 / Math.max(1, fuzzMs)));
        rows.put("connections opened", String.format("%,d (%d concurrent)", s.connections.sum(), o.connections()));
        rows.put("connections closed by brokers", String.format("%,d", s.closedByBroker.sum()));
        rows.put("connect failures", String.format("%,d (longest connect %d ms)", s.connectFailures.sum(), s.longestConnectMs.get()));
        rows.put("frames answered", String.format("%,d", s.responses.sum()));
        rows.put("frames with no answer in 20 ms", String.format("%,d", s.unanswered.sum()));
        StringBuilder mutations = new StringBuilder();
        s.byMutation().forEach((m, n) -> mutations.append(mutations.length() == 0 ? "" : ", ").append(m).append(' ').append(n));
        rows.put("mutations", mutations.toString());
        rows.put("load: records acknowledged", String.format("%,d", r.acknowledged()));
        rows.put("load: sends failed (not acknowledged)", String.format("%,d", r.sendFailures()));
        rows.put("load: acknowledged records lost", Long.toString(r.lost()));
        rows.put("load: duplicated", Long.toString(r.duplicated()));
        rows.put("load: reordered", Long.toString(r.reordered()));
        rows.put("load: longest time without an acknowledgement", r.longestAckGapMs() + " ms");
        rows.put("load: longest time without a record read", r.longestReadGapMs() + " ms");
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(10);
        out.println();
        for (Map.Entry<String, String> e : rows.entrySet()) {
            out.printf("  %-" + width + "s  %s%n", e.getKey(), e.getValue());
        }
        if (!r.examples().isEmpty()) {
            out.println("  examples:");
            r.examples().forEach(x -> out.println("    " + x));
        }
        out.println("  frames per API: " + s.byApi());
        if (o.summary() != null) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(o.summary(), StandardCharsets.UTF_8))) {
                w.printf("frames=%d%nconnections=%d%nclosed_by_brokers=%d%nresponses=%d%nacknowledged=%d%n"
                                + "send_failures=%d%nlost=%d%nduplicated=%d%nreordered=%d%nlongest_ack_gap_ms=%d%n"
                                + "longest_read_gap_ms=%d%nfuzz_ms=%d%n",
                        s.frames.sum(), s.connections.sum(), s.closedByBroker.sum(), s.responses.sum(), r.acknowledged(),
                        r.sendFailures(), r.lost(), r.duplicated(), r.reordered(), r.longestAckGapMs(),
                        r.longestReadGapMs(), fuzzMs);
            }
        }
    }
}
