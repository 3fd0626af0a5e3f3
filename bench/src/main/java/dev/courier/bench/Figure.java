package dev.courier.bench;

/**
 * One measured figure next to its reference from the same run.
 *
 * @param name                 what was measured ("worker input")
 * @param value                the figure
 * @param unit                 its unit ("msgs/s")
 * @param reference            what it is compared with ("EOS pass-through Streams app")
 * @param referenceValue       the reference's figure in the same unit
 * @param cpuMicrosPerMessage  this JVM's CPU time per message while measuring, in microseconds (NaN when not measured)
 */
public record Figure(String name, double value, String unit, String reference, double referenceValue,
                     double cpuMicrosPerMessage) {

    /** The figure as a fraction of its reference: above 1 when the component beats it (a rate), or when slower (a time). */
    public double ratio() {
        return referenceValue == 0 ? Double.NaN : value / referenceValue;
    }
}
