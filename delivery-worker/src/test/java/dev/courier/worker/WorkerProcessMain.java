package dev.courier.worker;

import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A delivery worker alone in its own JVM, so a test can kill it with SIGKILL (no close, no leave-group, an open
 * transaction left behind): args are bootstrap servers, topic prefix, application id, state dir, then any number of
 * {@code name=value} Kafka properties. Prints {@code READY} once Streams is RUNNING.
 */
public final class WorkerProcessMain {

    private WorkerProcessMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> props = new HashMap<>();
        for (int i = 4; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            props.put(kv[0], kv[1]);
        }
        WorkerSettings settings = WorkerSettings.defaults(args[0]).withApplicationId(args[2])
                .withStateDir(Path.of(args[3])).withKafkaProperties(props);
        DeliveryWorker worker = new DeliveryWorker(settings, new Topics(args[1], new EventCodec(EventLimits.defaults())),
                new SimpleMeterRegistry());
        worker.start();
        while (!worker.isReady()) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
        }
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join(); // until killed
    }
}
