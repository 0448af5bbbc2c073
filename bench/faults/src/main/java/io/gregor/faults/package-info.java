/**
 * On-demand robustness tools run against a live cluster, outside the CI test run: the frame
 * fuzzer ({@code io.gregor.faults.fuzz}) and the fault harness's load and verifier
 * ({@code io.gregor.faults.harness}). See {@code bench/faults/README.md}.
 */
package io.gregor.faults;
