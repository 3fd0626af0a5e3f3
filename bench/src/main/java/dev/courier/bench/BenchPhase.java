package dev.courier.bench;

/**
 * One component measured next to its raw reference in the same run, so that a ratio survives a noisy machine where
 * an absolute figure does not.
 */
public interface BenchPhase {

    /** The name on the command line and in the table: ingest, worker, sink, history, e2e. */
    String name();

    /** What is measured against what, in one line for {@code --help} and the table's heading. */
    String description();

    /** Runs the phase, cleaning up every topic and database it created, whether it succeeds or not. */
    PhaseResult run(BenchEnvironment env) throws Exception;
}
