package io.gregor.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RequestMemoryPoolTest {
    @Test
    void aReservationSucceedsWhileAnyMemoryIsFreeEvenIfLargerThanWhatIsFree() {
        RequestMemoryPool pool = new RequestMemoryPool(100, 50);
        assertTrue(pool.tryReserve(60));
        assertTrue(pool.tryReserve(60)); // 40 free: still granted, the pool goes to -20
        assertEquals(120, pool.reserved());
        assertFalse(pool.tryReserve(1));
        pool.release(60);
        assertTrue(pool.tryReserve(500)); // larger than the whole pool: granted once memory is free
        assertEquals(560, pool.peakReserved());
    }

    @Test
    void aReleaseResumesOneWaiterAtATimeAndOnlyWhenMemoryIsFree() {
        RequestMemoryPool pool = new RequestMemoryPool(100, 50);
        assertTrue(pool.tryReserve(150));
        AtomicInteger resumed = new AtomicInteger();
        pool.awaitMemory(resumed::incrementAndGet);
        pool.awaitMemory(resumed::incrementAndGet);
        assertEquals(0, resumed.get());
        pool.release(40); // still -10 free
        assertEquals(0, resumed.get());
        pool.release(110);
        assertEquals(1, resumed.get());
        assertEquals(1, pool.waitingConnections());
        pool.wakeOneIfFree(); // what a resumed connection does after reserving, if memory is still free
        assertEquals(2, resumed.get());
    }

    @Test
    void aWaiterRegisteringAfterTheLastReleaseIsResumedAtOnce() {
        RequestMemoryPool pool = new RequestMemoryPool(100, 50);
        AtomicInteger resumed = new AtomicInteger();
        pool.awaitMemory(resumed::incrementAndGet);
        assertEquals(1, resumed.get());
    }

    @Test
    void forcedChargesPastTheCapacityPlusTheLargestRequestReachTheHardLimit() {
        RequestMemoryPool pool = new RequestMemoryPool(100, 50);
        pool.reserveForced(150);
        assertFalse(pool.pastHardLimit());
        pool.reserveForced(1);
        assertTrue(pool.pastHardLimit());
        assertFalse(RequestMemoryPool.unbounded().pastHardLimit());
    }

    @Test
    void anUnboundedPoolNeverRefuses() {
        RequestMemoryPool pool = RequestMemoryPool.unbounded();
        for (int i = 0; i < 1000; i++) {
            assertTrue(pool.tryReserve(Integer.MAX_VALUE));
        }
        assertEquals(1000L * Integer.MAX_VALUE, pool.reserved());
    }
}
