package dev.courier.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void aStreamThreadUnderABenchmarkPrefixIsTheWorkersNotTheLoadGenerators() {
        assertThat(ThreadCpu.component("bench-e2e-1a2b3c4d.courier-worker-5f1e-StreamThread-1")).isEqualTo("worker (stream threads)");
        assertThat(ThreadCpu.component("courier-bench-load")).isEqualTo("load generator");
        assertThat(ThreadCpu.component("kafka-producer-network-thread | bench-e2e-1a2b3c4d.courier-worker-StreamThread-1-producer"))
                .isEqualTo("worker (stream threads)");
        assertThat(ThreadCpu.component("kafka-producer-network-thread | producer-1")).isEqualTo("producer I/O");
        assertThat(ThreadCpu.component("data-plane-kafka-request-handler-0")).isEqualTo("broker");
    }

    @Test
    void onLinuxTheJvmsCompilerThreadsAreCountedUnderTheirOwnName() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "per-thread CPU of native threads needs Linux /proc");
        ThreadCpu cpu = new ThreadCpu();
        ThreadCpu.Snapshot start = cpu.snapshot();
        // Collector threads depend on the collector (Serial GC has none of its own); compiler threads are always there.
        assertThat(start.names().values()).map(ThreadCpu::component).contains("JIT compilers");
        assertThat(start.names().entrySet()).filteredOn(e -> ThreadCpu.component(e.getValue()).equals("JIT compilers"))
                .allSatisfy(e -> assertThat(e.getKey()).isNegative());

        ThreadCpu.Snapshot end = cpu.snapshot();
        assertThat(ThreadCpu.microsPerMessage(start, end, 1)).containsKey("JIT compilers")
                .allSatisfy((component, micros) -> assertThat(micros).isNotNegative());
    }
}
