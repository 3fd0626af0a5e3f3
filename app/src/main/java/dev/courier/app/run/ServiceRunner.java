package dev.courier.app.run;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a long-lived service until the process is asked to stop (SIGTERM, Ctrl-C) or one of its components fails for
 * good; in the second case the exit code is 1, so that a supervisor restarts the process.
 */
public final class ServiceRunner {

    /** Something that starts, can report a fatal problem, and stops. */
    public interface Service extends AutoCloseable {
        void start();

        Optional<String> fatalProblem();

        @Override
        void close();
    }

    private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

    private ServiceRunner() {
    }

    public static int run(String name, Service service) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                // Keep the JVM alive until the main thread has closed everything cleanly.
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int exit = 0;
        try {
            service.start();
            while (!stop.await(1, TimeUnit.SECONDS)) {
                Optional<String> fatal = service.fatalProblem();
                if (fatal.isPresent()) {
                    log.error("{} is stopping: {}", name, fatal.get());
                    exit = 1;
                    break;
                }
            }
            log.info("{} is stopping", name);
        } finally {
            service.close();
            closed.countDown();
        }
        return exit;
    }
}
