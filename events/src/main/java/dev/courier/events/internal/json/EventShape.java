package dev.courier.events.internal.json;

import dev.courier.events.CourierEvent;
import dev.courier.events.EventLimits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One event type's wire form, read and written in one place: its fields (in the record's order, which is also the
 * order they are written and checked in), how a read becomes the record, and how the record becomes bytes. Adding a
 * field to an event means adding it here, to the record, and to their tests.
 */
abstract class EventShape<T extends CourierEvent> {

    final String type;
    final Class<T> eventClass;
    final byte[] envelope;
    /** Set before a subclass's field initializers run, so a field's rules can use it. */
    final EventLimits limits;
    private final List<Field<?>> fields = new ArrayList<>();
    private final List<Field<?>> readOnlyFields = Collections.unmodifiableList(fields);

    EventShape(Class<T> eventClass) {
        this(eventClass, EventLimits.defaults());
    }

    EventShape(Class<T> eventClass, EventLimits limits) {
        this.eventClass = eventClass;
        this.limits = limits;
        this.type = eventClass.getSimpleName();
        this.envelope = JsonOutput.envelope(type, CourierEvent.SCHEMA_VERSION);
    }

    /** The event read, or anything at all if {@code r} found problems (the caller then discards it). */
    abstract T build(ObjectRead r);

    /** Writes the event into {@code out}, fresh from {@link JsonOutput#reset}, and returns its bytes. */
    abstract byte[] write(T event, JsonOutput out);

    final byte[] writeEvent(CourierEvent event, JsonOutput out) {
        return write(eventClass.cast(event), out);
    }

    final List<Field<?>> fields() {
        return readOnlyFields;
    }

    /** By reference first (the parser interns field names, as Java does literals), then by value. */
    final Field<?> field(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name == name) {
                return fields.get(i);
            }
        }
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name.equals(name)) {
                return fields.get(i);
            }
        }
        return null;
    }

    final <V> Field<V> required(String name, Field.Kind<V> kind) {
        return add(new Field<>(name, true, fields.size(), kind));
    }

    final <V> Field<V> optional(String name, Field.Kind<V> kind) {
        return add(new Field<>(name, false, fields.size(), kind));
    }

    private <V> Field<V> add(Field<V> f) {
        fields.add(f);
        return f;
    }
}
