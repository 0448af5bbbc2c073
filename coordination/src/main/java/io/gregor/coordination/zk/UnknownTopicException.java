package io.gregor.coordination.zk;

/** An operation on a topic found no {@code /brokers/topics/<topic>} (Kafka's UNKNOWN_TOPIC_OR_PARTITION). */
public final class UnknownTopicException extends ZkOperationException {

    private final String topic;

    public UnknownTopicException(String topic) {
        super("Topic '" + topic + "' does not exist");
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
