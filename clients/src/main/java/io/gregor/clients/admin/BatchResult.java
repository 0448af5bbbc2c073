package io.gregor.clients.admin;

import io.gregor.clients.network.GregorApiException;
import java.util.Map;

/** The outcome of an operation on several topics or groups: a value per name that succeeded, an error per name that failed. */
public record BatchResult<T>(Map<String, T> succeeded, Map<String, GregorApiException> failed) {
    public BatchResult {
        succeeded = Map.copyOf(succeeded);
        failed = Map.copyOf(failed);
    }

    /** The values, or the first failure (by name) thrown. */
    public Map<String, T> all() {
        failed.entrySet().stream().sorted(Map.Entry.comparingByKey()).findFirst().ifPresent(e -> {
            throw e.getValue();
        });
        return succeeded;
    }
}
