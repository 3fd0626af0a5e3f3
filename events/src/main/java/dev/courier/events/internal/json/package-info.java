/**
 * The wire format's JSON, read and written in one streaming pass per event: not a public API. The events module's
 * {@link dev.courier.events.EventCodec} is the way in; ingest's read answers use {@link AsciiBytes} and
 * {@link IsoInstants} to write UUIDs and times as the events do. Names and shapes here change without notice.
 */
package dev.courier.events.internal.json;
