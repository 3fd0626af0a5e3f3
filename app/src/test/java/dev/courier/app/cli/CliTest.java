package dev.courier.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    @DisplayName("courier --help lists the commands")
    void help() {
        int code = Main.run(Map.of(), "--help");

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("dev", "topics");
    }

    @Test
    @DisplayName("an unknown command, with or without --help, exits 2 naming it")
    void unknownCommand() {
        for (String[] args : new String[][] {{"nosuch"}, {"nosuch", "--help"}, {"nosuch", "--group", "x"}}) {
            err.reset();
            assertThat(Main.run(Map.of(), args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command '" + args[0] + "'");
        }
    }

    @Test
    @DisplayName("courier dev refuses --rate without --demo and a rate out of range, exit code 2, naming the flag")
    void demoUsage() {
        for (String[] args : new String[][] {{"dev", "--rate", "10"}, {"dev", "--demo", "--rate", "0"},
                {"dev", "--demo", "--rate", "lots"}}) {
            err.reset();
            assertThat(Main.run(Map.of(), args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(String.join(" ", args)).contains("--rate");
        }
    }

    @Test
    @DisplayName("courier lag refuses a bad duration and a window shorter than the interval with exit code 2")
    void lagUsage() {
        assertThat(Main.run(Map.of(), "lag", "--window", "soon")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'soon' is not a duration");
        err.reset();
        assertThat(Main.run(Map.of(), "lag", "--watch", "--interval", "10s", "--window", "5s")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--window (5000 ms) must be at least --interval (10000 ms)");
    }

    @Test
    @DisplayName("every command and subcommand answers --help with a usage and a description")
    void everyCommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new Main(), new EnvironmentFactory(Map.of())), new ArrayList<>(), paths);
        assertThat(paths).extracting(p -> String.join(" ", p))
                .contains("dev", "ingest", "worker", "sink", "serve", "topics create", "migrate undo", "migrate create");
        for (List<String> path : paths) {
            out.reset();
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            assertThat(Main.run(Map.of(), args.toArray(String[]::new))).as(String.join(" ", args)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as(String.join(" ", path))
                    .startsWith("Usage: courier " + String.join(" ", path))
                    .hasSizeGreaterThan(80);
        }
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> into) {
        cmd.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            List<String> p = new ArrayList<>(path);
            p.add(name);
            into.add(p);
            collect(sub, p, into);
        });
    }

    @Test
    @DisplayName("a bad setting stops a command with exit code 2 and one line naming the variable")
    void badConfig() {
        int code = Main.run(Map.of("COURIER_PARTITIONS", "many"), "topics", "create");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("courier: configuration error:", "COURIER_PARTITIONS='many': not an integer");
    }

    @Test
    @DisplayName("an unknown option is a usage error, not a stack trace")
    void unknownOption() {
        assertThat(Main.run(Map.of(), "dev", "--frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option: '--frobnicate'").doesNotContain("Exception");
    }
}
