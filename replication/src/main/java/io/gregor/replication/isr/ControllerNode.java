package io.gregor.replication.isr;

import java.net.InetSocketAddress;

/** Where the active controller is: its broker id and the endpoint it serves inter-broker requests on. */
public record ControllerNode(int brokerId, InetSocketAddress address) {
}
