package io.gregor.coordination.registry;

import io.gregor.coordination.zk.EndPoint;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which advertised endpoints a process can prove it holds, from where its listeners are bound. */
class HeldEndpointsTest {

    private static EndPoint plaintext(String host, int port) {
        return new EndPoint("PLAINTEXT", host, port, "PLAINTEXT");
    }

    @Test
    void anEndpointOnALocalAddressWhoseListenerIsBoundToItsPortIsHeld() {
        EndPoint advertised = plaintext("127.0.0.1", 19092);
        HeldEndpoints held = HeldEndpoints.of(List.of(advertised), name -> new InetSocketAddress("127.0.0.1", 19092));
        assertEquals(Set.of(advertised), held.endpoints());
        assertTrue(held.holdsAll(List.of(advertised)));
    }

    @Test
    void aListenerOnTheWildcardAddressHoldsTheLoopbackEndpoint() {
        EndPoint advertised = plaintext("127.0.0.1", 19092);
        assertTrue(HeldEndpoints.of(List.of(advertised), name -> new InetSocketAddress(19092)).holdsAll(List.of(advertised)));
    }

    @Test
    void anotherPortOrAnUnboundListenerProvesNothing() {
        EndPoint advertised = plaintext("127.0.0.1", 19092);
        assertFalse(HeldEndpoints.of(List.of(advertised), name -> new InetSocketAddress("127.0.0.1", 19093)).holdsAll(List.of(advertised)));
        assertFalse(HeldEndpoints.of(List.of(advertised), name -> null).holdsAll(List.of(advertised)));
    }

    @Test
    void anAdvertisedHostThatIsNotOfThisMachineProvesNothing() {
        // TEST-NET-1 (RFC 5737): never an address of this machine
        EndPoint advertised = plaintext("192.0.2.10", 19092);
        assertFalse(HeldEndpoints.of(List.of(advertised), name -> new InetSocketAddress(19092)).holdsAll(List.of(advertised)));
    }

    @Test
    void aListenerBoundToAnotherAddressDoesNotHoldTheAdvertisedOne() {
        EndPoint advertised = plaintext("127.0.0.1", 19092);
        assertFalse(HeldEndpoints.of(List.of(advertised), name -> new InetSocketAddress("127.0.0.2", 19092))
                .holdsAll(List.of(advertised)));
    }

    @Test
    void holdingSomeButNotAllEndpointsIsNotEnough() {
        EndPoint client = plaintext("127.0.0.1", 19092);
        EndPoint internal = new EndPoint("INTERNAL", "127.0.0.1", 19093, "PLAINTEXT");
        HeldEndpoints held = HeldEndpoints.of(List.of(client, internal),
                name -> name.equals("PLAINTEXT") ? new InetSocketAddress("127.0.0.1", 19092) : null);
        assertFalse(held.holdsAll(List.of(client, internal)));
        assertFalse(HeldEndpoints.NONE.holdsAll(List.of()), "no endpoints prove nothing");
    }
}
