import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the raw figures of bench/compare.sh into its one table: per case and unit, the median over
 * the runs of Kafka and of Gregor and their ratio (Gregor / Kafka). Input lines are
 * {@code system,run,case,unit,value} with system {@code gregor} or the other one ({@code kafka}, or
 * {@code baseline} for an earlier Gregor build, labelled by the optional last argument); cases keep the
 * order in which they first appear. Writes Markdown (the header lines of META_MD first) and CSV, and
 * prints the table as aligned text. A figure missing from a run (a failed step) is left out of that
 * median and the cell says how many runs it has.
 *
 * <p>A value may also be {@code >=V}: the step did not finish within its time limit V and counts as V
 * (the median takes it as V; a median that rests on such a value is shown as "≥", and the cell says
 * how many runs hit the limit); {@code failed}: the step ran and failed; {@code not-run}: it was
 * skipped because an earlier step left no usable cluster. A cell with no figure says which.
 */
public final class BenchReport {
    private BenchReport() {
    }

    record Row(String testCase, String unit, Column kafka, Column gregor, int runs) {
    }

    /** One system's figures of a row: the values (with whether each is a time limit), and the runs without one. */
    record Column(List<Double> values, List<Boolean> atLimit, List<String> missing) {
        Column() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        void add(String raw) {
            if (raw.equals("failed") || raw.equals("not-run")) {
                missing.add(raw);
            } else if (raw.startsWith(">=")) {
                values.add(Double.parseDouble(raw.substring(2)));
                atLimit.add(true);
            } else {
                values.add(Double.parseDouble(raw));
                atLimit.add(false);
            }
        }

        int limited() {
            return (int) atLimit.stream().filter(b -> b).count();
        }

        /** True when the median rests on a value that is only a lower bound (a time limit). */
        boolean medianIsLowerBound() {
            int n = values.size();
            if (n == 0) {
                return false;
            }
            // sort by value, a limit after an exact figure of the same value
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            order.sort((x, y) -> {
                int c = Double.compare(values.get(x), values.get(y));
                return c != 0 ? c : Boolean.compare(atLimit.get(x), atLimit.get(y));
            });
            return n % 2 == 1 ? atLimit.get(order.get(n / 2))
                    : atLimit.get(order.get(n / 2 - 1)) || atLimit.get(order.get(n / 2));
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5 && args.length != 7) {
            System.err.println("usage: BenchReport RAW_CSV META_MD OUT_MD OUT_CSV RUNS [OTHER_LABEL GREGOR_LABEL]");
            System.exit(2);
        }
        int runs = Integer.parseInt(args[4]);
        // the first column is Kafka, or with compare.sh --baseline another Gregor build (system "baseline")
        String otherLabel = args.length == 7 ? args[5] : "Kafka 3.9.1";
        String otherShort = args.length == 7 ? args[5] : "Kafka";
        String gregorLabel = args.length == 7 ? args[6] : "Gregor";
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            // the case may hold commas: it is everything between the run and the unit
            int first = line.indexOf(',');
            int second = line.indexOf(',', first + 1);
            int last = line.lastIndexOf(',');
            int beforeLast = line.lastIndexOf(',', last - 1);
            String system = line.substring(0, first);
            String testCase = line.substring(second + 1, beforeLast);
            String unit = line.substring(beforeLast + 1, last);
            Row row = rows.computeIfAbsent(testCase + "\u0000" + unit,
                    k -> new Row(testCase, unit, new Column(), new Column(), runs));
            (system.equals("gregor") ? row.gregor() : row.kafka()).add(line.substring(last + 1).trim());
        }
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"case", "unit", otherLabel, gregorLabel, "ratio " + gregorLabel + "/" + otherShort});
        StringBuilder csv = new StringBuilder(
                "case,unit,kafka_median,gregor_median,ratio,kafka_runs,gregor_runs,kafka_at_limit,gregor_at_limit\n");
        for (Row r : rows.values()) {
            Double k = median(r.kafka().values());
            Double g = median(r.gregor().values());
            String ratio = ratio(k, r.kafka().medianIsLowerBound(), g, r.gregor().medianIsLowerBound());
            table.add(new String[] {r.testCase(), r.unit(), cell(k, r.unit(), r.kafka(), runs),
                    cell(g, r.unit(), r.gregor(), runs), ratio});
            csv.append('"').append(r.testCase().replace("\"", "\"\"")).append("\",").append(r.unit()).append(',')
                    .append(k == null ? "" : plain(k)).append(',').append(g == null ? "" : plain(g)).append(',')
                    .append(ratio.equals("n/a") ? "" : ratio).append(',').append(r.kafka().values().size()).append(',')
                    .append(r.gregor().values().size()).append(',').append(r.kafka().limited()).append(',')
                    .append(r.gregor().limited()).append('\n');
        }
        StringBuilder md = new StringBuilder(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
        md.append('\n');
        for (int i = 0; i < table.size(); i++) {
            md.append("| ").append(String.join(" | ", table.get(i))).append(" |\n");
            if (i == 0) {
                md.append("|---|---|---:|---:|---:|\n");
            }
        }
        Files.writeString(Path.of(args[2]), md.toString(), StandardCharsets.UTF_8);
        Files.writeString(Path.of(args[3]), csv.toString(), StandardCharsets.UTF_8);
        printAligned(table);
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> s = new ArrayList<>(values);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * Gregor / Kafka; when a median is only a lower bound (a time limit) the ratio is a bound too:
     * "≥" when Gregor's is, "≤" when Kafka's is, "n/a" when both are.
     */
    static String ratio(Double k, boolean kafkaAtLimit, Double g, boolean gregorAtLimit) {
        if (k == null || g == null || k == 0 || (kafkaAtLimit && gregorAtLimit)) {
            return "n/a";
        }
        String r = String.format(Locale.ROOT, "%.2f", g / k);
        return gregorAtLimit ? "≥" + r : kafkaAtLimit ? "≤" + r : r;
    }

    private static String cell(Double v, String unit, Column c, int runs) {
        if (v == null) {
            // a step that failed in one run and was not run in another reads "failed"
            return c.missing().contains("failed") || c.missing().isEmpty() ? "failed" : "not run";
        }
        // sub-millisecond latencies keep two decimals; whole milliseconds (the tools' percentiles) stay whole
        boolean decimals = unit.endsWith("MB/s") || unit.endsWith("ms/MB") || unit.endsWith("ms/fetch")
                || unit.endsWith("/replica") && !unit.startsWith("bytes") || unit.equals("ms") && v != Math.rint(v);
        String s = decimals ? String.format(Locale.ROOT, "%,.2f", v) : String.format(Locale.ROOT, "%,.0f", v);
        if (c.medianIsLowerBound()) {
            s = "≥" + s;
        }
        List<String> notes = new ArrayList<>();
        int have = c.values().size();
        if (c.limited() > 0) {
            notes.add(c.limited() + "/" + have + " at the time limit");
        }
        if (have < runs) {
            notes.add(have + "/" + runs + " runs");
        }
        return notes.isEmpty() ? s : s + " (" + String.join(", ", notes) + ")";
    }

    private static void printAligned(List<String[]> table) {
        int[] w = new int[table.get(0).length];
        for (String[] r : table) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : table) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String fmt = i < 2 ? "%-" + w[i] + "s  " : "%" + w[i] + "s  ";
                sb.append(String.format(Locale.ROOT, fmt, r[i]));
            }
            System.out.println(sb.toString().stripTrailing());
        }
    }
}
