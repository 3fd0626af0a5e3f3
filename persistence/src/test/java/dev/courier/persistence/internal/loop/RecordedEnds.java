package dev.courier.persistence.internal.loop;

import dev.courier.persistence.internal.batch.Batch;
import dev.courier.persistence.internal.batch.SinkRecord;
import dev.courier.persistence.internal.write.FencedException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.TopicPartition;

/** The ends of a {@link LaneScheduler}'s writes, in order, as "written t-0@0 t-2@0" or "failed lane 0: t-0@0". */
final class RecordedEnds implements LaneScheduler.Ends {

    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void written(Batch batch) {
        seen.add("written " + describe(batch));
    }

    @Override
    public void failed(int lane, Batch batch, Exception cause) {
        seen.add("failed lane " + lane + ": " + describe(batch));
    }

    @Override
    public void fenced(Batch batch, FencedException e) {
        seen.add("fenced " + describe(batch));
    }

    static String describe(Batch batch) {
        return String.join(" ", batch.records().stream().map(SinkRecord::coordinates).toList());
    }

    static SinkRecord rec(TopicPartition tp, long offset) {
        return new SinkRecord(tp, offset, "k", new byte[0], null);
    }
}
