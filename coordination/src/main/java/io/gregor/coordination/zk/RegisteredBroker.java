package io.gregor.coordination.zk;

/**
 * A live broker's registration together with its broker epoch: the czxid of its ephemeral
 * {@code /brokers/ids/<id>} znode, which changes with every (re-)registration, so requests meant for
 * an earlier incarnation of the broker can be told apart.
 */
public record RegisteredBroker(BrokerInfo info, long brokerEpoch) {

    public int id() {
        return info.brokerId();
    }
}
