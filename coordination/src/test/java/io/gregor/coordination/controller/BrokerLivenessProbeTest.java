package io.gregor.coordination.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The early failure detector against real sockets on 127.0.0.1: a listening broker and a closed port. */
class BrokerLivenessProbeTest {

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aBrokerRefusingConnectionsInTwoRoundsIsReportedOnceAndAListeningOneNever() throws Exception {
        List<List<Long>> reported = new ArrayList<>();
        try (ServerSocket live = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<BrokerLivenessProbe.Target> targets = List.of(
                    new BrokerLivenessProbe.Target(1, 101L, "127.0.0.1", live.getLocalPort()),
                    new BrokerLivenessProbe.Target(2, 202L, "127.0.0.1", closedPort()));
            BrokerLivenessProbe probe = new BrokerLivenessProbe(() -> targets, 1000, 2,
                    (id, epoch) -> reported.add(List.of((long) id, epoch)));
            probe.probeOnce();
            assertEquals(List.of(), reported, "one refusal is not enough");
            probe.probeOnce();
            assertEquals(List.of(List.of(2L, 202L)), reported);
            probe.probeOnce();
            assertEquals(1, reported.size(), "reported once per broker epoch");
        }
    }

    @Test
    void aBrokerThatAcceptsAgainStartsCountingFromZero() throws Exception {
        List<Integer> reported = new ArrayList<>();
        int port = closedPort();
        List<BrokerLivenessProbe.Target> targets = List.of(new BrokerLivenessProbe.Target(3, 303L, "127.0.0.1", port));
        BrokerLivenessProbe probe = new BrokerLivenessProbe(() -> targets, 1000, 2, (id, epoch) -> reported.add(id));
        probe.probeOnce();
        try (ServerSocket back = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            probe.probeOnce();
        }
        probe.probeOnce();
        assertEquals(List.of(), reported, "refused, accepted, refused: not two refusals in a row");
        probe.probeOnce();
        assertEquals(List.of(3), reported);
    }
}
