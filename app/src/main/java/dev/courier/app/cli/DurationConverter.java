package dev.courier.app.cli;

import dev.courier.app.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads a command-line duration the way settings are read: {@code 500ms}, {@code 5s}, {@code 10m}, or ISO-8601. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration d = Durations.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration (e.g. 500ms, 5s, 10m, PT1M)"));
        if (d.isNegative() || d.isZero()) {
            throw new CommandLine.TypeConversionException("'" + value + "' must be longer than zero");
        }
        return d;
    }
}
