package nl.meldpunt.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The parts of {@link Supervisor} that need no running service; system-tests'
 * {@code RunCommandSupervisorTest} runs it with the real services.
 */
class SupervisorTest {

    @Test
    void anExitCodeAboveOneHundredTwentyEightNamesTheSignalThatKilledTheProcess() {
        assertEquals("137, killed by SIGKILL", Supervisor.describe(137));
        assertEquals("143, killed by SIGTERM", Supervisor.describe(143));
        assertEquals("1", Supervisor.describe(1));
    }

    @Test
    void moreInstancesThanATopicHasPartitionsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Supervisor.Settings(Path.of("."),
                Path.of("data"), LocalStack.PARTITIONS + 1, 1, 2, 3, List.of(4, 5, 6), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("--instances must be 1 to " + LocalStack.PARTITIONS), e.getMessage());
    }
}
