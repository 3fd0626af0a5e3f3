package dev.courier.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;

/**
 * Kafka's own {@code kafka-consumer-groups --describe}, run in-process as an operator would run the script, and its
 * table read back: what a standard tool shows about a group. Needs {@code kafka-tools} on the test classpath.
 */
public final class ConsumerGroupTool {

    /** One row of the describe table; {@code -1} where the tool prints "-". */
    public record Row(String group, String topic, int partition, long currentOffset, long logEndOffset, long lag) {
    }

    private ConsumerGroupTool() {
    }

    /** {@code kafka-consumer-groups --bootstrap-server B --describe --group G}, parsed. */
    public static synchronized List<Row> describe(String bootstrap, String group) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = System.out;
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("kafka-consumer-groups exited with " + code + ": " + message);
        });
        try (PrintStream captured = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(captured);
            ConsumerGroupCommand.main(new String[] {"--bootstrap-server", bootstrap, "--describe", "--group", group});
        } finally {
            System.setOut(out);
            Exit.resetExitProcedure();
        }
        List<Row> rows = new ArrayList<>();
        for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[0].equals(group) && f[2].matches("\\d+")) {
                rows.add(new Row(f[0], f[1], Integer.parseInt(f[2]), number(f[3]), number(f[4]), number(f[5])));
            }
        }
        return rows;
    }

    private static long number(String s) {
        return s.equals("-") ? -1 : Long.parseLong(s);
    }
}
