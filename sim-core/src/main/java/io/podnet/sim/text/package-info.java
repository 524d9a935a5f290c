/**
 * Small text helpers shared by every layer that reads user input (cost profiles here, scenarios
 * above): no state, no I/O.
 */
package io.podnet.sim.text;
