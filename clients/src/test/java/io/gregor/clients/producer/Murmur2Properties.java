package io.gregor.clients.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;

class Murmur2Properties {

    @Property(tries = 1000)
    void hashEqualsKafkasMurmur2(@ForAll @Size(max = 64) byte[] key) {
        assertEquals(Utils.murmur2(key), Murmur2.hash(key));
    }

    @Property(tries = 1000)
    void keyedPartitionEqualsKafkasBuiltInPartitioner(@ForAll @Size(max = 40) byte[] key,
                                                      @ForAll @IntRange(min = 1, max = 1000) int partitions) {
        assertEquals(BuiltInPartitioner.partitionForKey(key, partitions), Murmur2.partitionForKey(key, partitions));
    }

    @Property(tries = 500)
    void stringKeysLandWhereKafkaPutsThem(@ForAll String key, @ForAll @IntRange(min = 1, max = 64) int partitions) {
        byte[] bytes = new StringSerializer().serialize("t", key);
        assertEquals(BuiltInPartitioner.partitionForKey(bytes, partitions), Murmur2.partitionForKey(bytes, partitions));
    }
}
