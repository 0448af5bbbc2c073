import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;

/**
 * A producer partitioner for bench/compare.sh's "many partitions" case: record i goes to partition
 * i mod N, one record to each partition in turn, whatever the key.
 * <p>
 * Kafka 3.9.1's own {@code RoundRobinPartitioner} does not do that (KAFKA-9965): when the record
 * accumulator has no open batch for the chosen partition, {@code KafkaProducer.doSend} calls
 * {@code onNewBatch} and then {@code partition()} a second time, which advances its counter again, so
 * a record that starts a batch lands one partition further and the next one is skipped. With many
 * partitions nearly every record starts a batch, and about half the partitions get nothing. This class
 * answers that second call with the partition it chose the first time.
 * <p>
 * Not thread-safe across sending threads (ProducerPerformance sends from one): the repeat is kept
 * per thread, the counter is shared.
 * <p>
 * Its {@code main} checks the spread afterwards: {@code OneByOnePartitioner BOOTSTRAP TOPIC COUNT}
 * prints {@code min}/{@code max} records per partition and exits non-zero unless every partition holds
 * COUNT / N records (rounded down or up).
 */
public final class OneByOnePartitioner implements Partitioner {
    private final AtomicLong next = new AtomicLong();
    /** The partition to repeat on the retry after onNewBatch, or -1; per sending thread. */
    private final ThreadLocal<int[]> repeat = ThreadLocal.withInitial(() -> new int[] {-1});

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int[] r = repeat.get();
        if (r[0] >= 0) {
            int p = r[0];
            r[0] = -1;
            return p;
        }
        int n = cluster.partitionsForTopic(topic).size();
        return (int) (next.getAndIncrement() % n);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void onNewBatch(String topic, Cluster cluster, int prevPartition) {
        repeat.get()[0] = prevPartition;
    }

    @Override
    public void close() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: OneByOnePartitioner BOOTSTRAP TOPIC COUNT");
            System.exit(2);
        }
        String topic = args[1];
        long count = Long.parseLong(args[2]);
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        try (Admin admin = Admin.create(p)) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            d.partitions().forEach(pi -> latest.put(new TopicPartition(topic, pi.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(60, TimeUnit.SECONDS);
            long min = Long.MAX_VALUE;
            long max = 0;
            long total = 0;
            for (ListOffsetsResultInfo info : ends.values()) {
                min = Math.min(min, info.offset());
                max = Math.max(max, info.offset());
                total += info.offset();
            }
            int n = ends.size();
            System.out.println("partitions " + n);
            System.out.println("total " + total);
            System.out.println("min " + min);
            System.out.println("max " + max);
            long floor = count / n;
            long ceil = (count + n - 1) / n;
            if (total != count || min < floor || max > ceil) {
                System.err.println("spread: " + topic + " holds " + total + " records, " + min + " to " + max
                        + " per partition; expected " + count + ", " + floor + " to " + ceil + " per partition");
                System.exit(1);
            }
        }
        System.exit(0);
    }
}
