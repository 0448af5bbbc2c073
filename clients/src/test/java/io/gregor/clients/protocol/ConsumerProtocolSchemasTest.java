package io.gregor.clients.protocol;

import io.gregor.clients.protocol.schemas.ConsumerProtocolAssignment;
import io.gregor.clients.protocol.schemas.ConsumerProtocolAssignment.AssignedPartitions;
import io.gregor.clients.protocol.schemas.ConsumerProtocolSubscription;
import io.gregor.clients.protocol.schemas.ConsumerProtocolSubscription.OwnedPartitions;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The consumer group protocol's embedded subscription and assignment schemas against Kafka: every
 * version byte-for-byte against Kafka's generated classes, and whole payloads (int16 version prefix
 * included) exchanged with the Kafka consumer's own serializer.
 */
class ConsumerProtocolSchemasTest {

    @TestFactory
    List<DynamicTest> everyVersionEncodesExactlyAsKafka() {
        List<DynamicTest> tests = new ArrayList<>();
        for (short v = 0; v <= 3; v++) {
            short version = v;
            tests.add(DynamicTest.dynamicTest("ConsumerProtocolSubscription v" + v, () -> KafkaCrossCheckTest.crossCheck(
                    ConsumerProtocolSubscription.SPEC, version,
                            org.apache.kafka.common.message.ConsumerProtocolSubscription::new)));
            tests.add(DynamicTest.dynamicTest("ConsumerProtocolAssignment v" + v, () -> KafkaCrossCheckTest.crossCheck(
                    ConsumerProtocolAssignment.SPEC, version,
                            org.apache.kafka.common.message.ConsumerProtocolAssignment::new)));
        }
        return tests;
    }

    @Test
    void subscriptionWrittenByKafkaConsumerReadsAfterItsVersionPrefix() {
        Subscription subscription = new Subscription(List.of("orders", "payments"),
                ByteBuffer.wrap("ud".getBytes(StandardCharsets.UTF_8)),
                List.of(new TopicPartition("orders", 2), new TopicPartition("orders", 5)), 7, Optional.of("rack-a"));
        ByteBuffer payload = ConsumerProtocol.serializeSubscription(subscription, (short) 3);

        short version = payload.getShort();
        Struct read = MessageCodec.read(payload, ConsumerProtocolSubscription.SPEC, version);

        assertEquals(3, version);
        assertFalse(payload.hasRemaining());
        assertEquals(List.of("orders", "payments"), read.getArray(ConsumerProtocolSubscription.TOPICS));
        assertEquals(ByteBuffer.wrap("ud".getBytes(StandardCharsets.UTF_8)),
                read.getBytes(ConsumerProtocolSubscription.USER_DATA));
        List<Struct> owned = read.getArray(ConsumerProtocolSubscription.OWNED_PARTITIONS);
        assertEquals(1, owned.size());
        assertEquals("orders", owned.get(0).getString(OwnedPartitions.TOPIC));
        assertEquals(List.of(2, 5), owned.get(0).getArray(OwnedPartitions.PARTITIONS));
        assertEquals(7, read.getInt(ConsumerProtocolSubscription.GENERATION_ID));
        assertEquals("rack-a", read.getString(ConsumerProtocolSubscription.RACK_ID));
    }

    @Test
    void assignmentWrittenByGregorReadsInKafkaConsumer() {
        short version = 3;
        Struct assignment = ConsumerProtocolAssignment.SPEC.newStruct();
        Struct orders = assignment.addElement(ConsumerProtocolAssignment.ASSIGNED_PARTITIONS);
        orders.set(AssignedPartitions.TOPIC, "orders").set(AssignedPartitions.PARTITIONS, List.of(0, 4));
        assignment.addElement(ConsumerProtocolAssignment.ASSIGNED_PARTITIONS).set(AssignedPartitions.TOPIC, "payments")
                .set(AssignedPartitions.PARTITIONS, List.of(1));
        ByteBuffer body = MessageCodec.writeToBuffer(ConsumerProtocolAssignment.SPEC, assignment, version);
        ByteBuffer payload = ByteBuffer.allocate(2 + body.remaining()).putShort(version).put(body).flip();

        Assignment kafka = ConsumerProtocol.deserializeAssignment(payload);

        assertEquals(List.of(new TopicPartition("orders", 0), new TopicPartition("orders", 4),
                new TopicPartition("payments", 1)), kafka.partitions());
        assertNull(kafka.userData());
    }
}
