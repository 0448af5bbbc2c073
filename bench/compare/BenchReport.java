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
 */
public final class BenchReport {
    private BenchReport() {
    }

    record Row(String testCase, String unit, List<Double> kafka, List<Double> gregor, int runs) {
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
            double value = Double.parseDouble(line.substring(last + 1));
            Row row = rows.computeIfAbsent(testCase + "\u0000" + unit,
                    k -> new Row(testCase, unit, new ArrayList<>(), new ArrayList<>(), runs));
            (system.equals("gregor") ? row.gregor() : row.kafka()).add(value);
        }
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"case", "unit", otherLabel, gregorLabel, "ratio " + gregorLabel + "/" + otherShort});
        StringBuilder csv = new StringBuilder("case,unit,kafka_median,gregor_median,ratio,kafka_runs,gregor_runs\n");
        for (Row r : rows.values()) {
            Double k = median(r.kafka());
            Double g = median(r.gregor());
            String ratio = k == null || g == null || k == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", g / k);
            table.add(new String[] {r.testCase(), r.unit(), cell(k, r.unit(), r.kafka().size(), runs),
                    cell(g, r.unit(), r.gregor().size(), runs), ratio});
            csv.append('"').append(r.testCase().replace("\"", "\"\"")).append("\",").append(r.unit()).append(',')
                    .append(k == null ? "" : plain(k)).append(',').append(g == null ? "" : plain(g)).append(',')
                    .append(ratio.equals("n/a") ? "" : ratio).append(',').append(r.kafka().size()).append(',')
                    .append(r.gregor().size()).append('\n');
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

    private static String cell(Double v, String unit, int have, int runs) {
        if (v == null) {
            return "failed";
        }
        // sub-millisecond latencies keep two decimals; whole milliseconds (the tools' percentiles) stay whole
        boolean decimals = unit.endsWith("MB/s") || unit.endsWith("ms/MB") || unit.equals("ms") && v != Math.rint(v);
        String s = decimals ? String.format(Locale.ROOT, "%,.2f", v) : String.format(Locale.ROOT, "%,.0f", v);
        return have < runs ? s + " (" + have + "/" + runs + " runs)" : s;
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
