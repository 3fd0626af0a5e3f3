package dev.courier.embeddedkafka;

/** The two ports a combined node listens on; fixed for the cluster's life so a restarted node keeps its address. */
record NodePorts(int broker, int controller) {
}
