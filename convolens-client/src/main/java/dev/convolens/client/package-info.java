/**
 * The Java client of Convolens (SPEC §3.4): {@link dev.convolens.client.ConvolensClient} batches, gzips and retries
 * events for {@code POST /api/events} with bounded memory. Depends on the JDK's HTTP client and Jackson only.
 */
package dev.convolens.client;
