package io.gregor.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.TopicPartition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionStorageFailureTest {
    @TempDir
    Path dir;

    @Test
    void onlyAnIoErrorReportsTheReplicasLogDirAndAClosedChannelDoesNot() throws Exception {
        try (Log log = Log.open(dir.resolve("t-0"), LogConfig.DEFAULT)) {
            Partition partition = new Partition(new TopicPartition("t", 0), 0, log, System::currentTimeMillis);
            List<Path> reported = new ArrayList<>();
            partition.reportStorageFailuresTo((failedDir, e) -> reported.add(failedDir));

            partition.reportIfStorageFailure(new IllegalStateException("not a disk problem"));
            partition.reportIfStorageFailure(new UncheckedIOException(new ClosedChannelException()));
            assertEquals(List.of(), reported);

            partition.reportIfStorageFailure(new UncheckedIOException(new NoSuchFileException("gone")));
            partition.reportIfStorageFailure(new IOException("disk"));
            assertEquals(List.of(dir, dir), reported);
        }
    }
}
