package dev.courier.app.cli;

import dev.courier.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One {@code courier} command run in this JVM as an operator types it: its exit code and what it printed. */
record CliRun(int exit, String out, String err) {

    static CliRun of(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = System.out;
        PrintStream e = System.err;
        int exit;
        try (PrintStream co = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream ce = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(co);
            System.setErr(ce);
            exit = Main.run(env, args);
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
