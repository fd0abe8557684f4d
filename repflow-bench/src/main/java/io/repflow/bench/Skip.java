package io.repflow.bench;

/** Something the run did not measure, and why (listed in the report). */
public record Skip(String backend, BenchPart part, String reason) {}
