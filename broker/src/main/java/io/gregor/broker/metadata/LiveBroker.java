package io.gregor.broker.metadata;

import io.gregor.coordination.zk.EndPoint;
import java.util.List;
import java.util.Optional;

/**
 * A broker the controller reports alive, with its advertised endpoints (one per listener) and rack.
 *
 * @param rack null when the broker has no {@code broker.rack}
 */
public record LiveBroker(int id, List<EndPoint> endpoints, String rack) {
    public LiveBroker {
        endpoints = List.copyOf(endpoints);
    }

    /** The endpoint of {@code listenerName}, if this broker has that listener. */
    public Optional<EndPoint> endpoint(String listenerName) {
        return endpoints.stream().filter(e -> e.listenerName().equals(listenerName)).findFirst();
    }
}
