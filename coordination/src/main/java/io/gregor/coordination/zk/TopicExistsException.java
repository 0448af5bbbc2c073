package io.gregor.coordination.zk;

/** Topic creation found {@code /brokers/topics/<topic>} already present (Kafka's TOPIC_ALREADY_EXISTS). */
public final class TopicExistsException extends ZkOperationException {

    private final String topic;

    public TopicExistsException(String topic, Throwable cause) {
        super("Topic '" + topic + "' already exists", cause);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
