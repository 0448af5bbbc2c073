package io.gregor.console.pages;

import io.gregor.clients.network.PartitionInfo;

/**
 * How healthy a partition is, as Kafka's metrics count it: offline when it has no leader,
 * under-replicated when its ISR is smaller than its replica set, else in sync. The word is also the CSS
 * class that marks the partition's row.
 */
enum PartitionHealth {
    OFFLINE("offline"), UNDER_REPLICATED("under-replicated"), IN_SYNC("in sync");

    final String word;

    PartitionHealth(String word) {
        this.word = word;
    }

    static PartitionHealth of(PartitionInfo p) {
        if (!p.hasLeader()) {
            return OFFLINE;
        }
        return p.isr().size() < p.replicas().size() ? UNDER_REPLICATED : IN_SYNC;
    }

    /** The row's CSS class: empty for a partition in sync. */
    String rowClass() {
        return this == IN_SYNC ? "" : word;
    }

    /** The visible marker: the word in a badge of the state's colour. */
    String marker() {
        return "<span class=\"marker " + (this == IN_SYNC ? "ok" : word) + "\">" + word + "</span>";
    }
}
