package dev.courier.worker;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/**
 * librdkafka's default partitioner ({@code consistent_random}), as kcat and the Go, Python, .NET and Node clients use
 * it: CRC32 of the key modulo the partition count, a random partition for a null key.
 */
public final class Crc32Partitioner implements Partitioner {

    public static int partitionOf(byte[] key, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(key);
        return (int) (crc.getValue() % partitions);
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionCountForTopic(topic);
        return keyBytes == null ? ThreadLocalRandom.current().nextInt(partitions) : partitionOf(keyBytes, partitions);
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
