/**
 * Geometry of the topology drawing, computed without JavaFX: host boxes placed by a force-directed
 * layout of the host/segment/tunnel graph (JGraphT's Fruchterman–Reingold) and then snapped to a
 * grid so large boxes never overlap; pods, bridges, tunnels and NICs placed inside their host;
 * underlay buses in the gutters; and routes for animating a packet between two locations.
 *
 * <p>Deterministic: the force layout runs from a fixed seed over vertices in topology order.
 */
package io.podnet.viewer.layout;
