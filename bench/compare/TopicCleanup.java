import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Removes a topic between two cases of bench/compare.sh, so that its partitions do not weigh on the
 * cases after it (the scale case's failovers count the partitions a broker leads).
 * <p>
 * Usage: {@code TopicCleanup BOOTSTRAP TOPIC TIMEOUT_MS}: deletes TOPIC, then polls every 100 ms until
 * the cluster no longer lists it. Prints {@code deleted_ms}; exits 1 with the reason on stderr when the
 * deadline passes first.
 */
public final class TopicCleanup {
    private TopicCleanup() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: TopicCleanup BOOTSTRAP TOPIC TIMEOUT_MS");
            System.exit(2);
        }
        String topic = args[1];
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[2]));
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        try (Admin admin = Admin.create(p)) {
            try {
                admin.deleteTopics(List.of(topic)).all().get(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - start)),
                        TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // a broker-side timeout: the deletion goes on; wait for it below
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)
                        && !(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            String last = "no answer";
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                        System.out.println("deleted_ms " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                        System.exit(0);
                    }
                    last = topic + " still listed";
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e.toString();
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            System.err.println("TopicCleanup: " + topic + " not gone before the deadline; last: " + last);
        }
        System.exit(1);
    }
}
