/**
 * Coverage-guided fuzz targets (Jazzer) for every decoder and guest entry point that reads host-controlled memory.
 * Each runs its seed corpus ({@code src/test/resources/dev/enlightened/fuzz/*Inputs/}) as a regression test in
 * {@code mvn verify}; {@code -Pfuzz} switches one target at a time to fuzzing (README, "Fuzzing").
 */
package dev.enlightened.fuzz;
