package dev.courier.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
}
