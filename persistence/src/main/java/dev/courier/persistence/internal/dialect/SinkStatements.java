package dev.courier.persistence.internal.dialect;

/**
 * Every statement the sink runs, in one place. Each write takes whole columns as arrays and reads them back with
 * {@code unnest}, so one statement writes one table's share of a batch however many rows it has; messages, the bulk
 * of a batch, go by binary {@link #COPY_MESSAGES} first. Every write only
 * moves state forward, so replaying older records (after a crash, a rebalance or an operator's replay) is a no-op.
 *
 * <p>Timestamps travel as ISO-8601 text arrays cast to {@code timestamptz[]} (the driver has no Instant arrays).
 */
public final class SinkStatements {

    private SinkStatements() {
    }

    /**
     * Replays are idempotent: the id is the UUIDv5 of chat, sender and client message id, and a stored message at the
     * same chat and seq is left as it is. The same id at another position raises a unique violation (V17's function),
     * so the record is isolated and reported instead of dropped in silence.
     */
    public static final String INSERT_MESSAGES = """
            INSERT INTO messages (id, chat_id, seq, sender_id, client_message_id, content, sent_at, accepted_at)
            SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::int8[], ?::uuid[], ?::text[], ?::text[],
                                 ?::text[]::timestamptz[], ?::text[]::timestamptz[])
            ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id
            WHERE courier_refuse_message_id_reuse(messages.chat_id, messages.seq, EXCLUDED.chat_id, EXCLUDED.seq)""";

    /**
     * The fast way to write a batch's messages (binary rows, no per-value text parsing); it has no ON CONFLICT, so it
     * only runs on a batch's first attempt, and {@link #INSERT_MESSAGES} takes over when it is refused (e.g. a replayed
     * message).
     */
    public static final String COPY_MESSAGES = """
            COPY messages (id, chat_id, seq, sender_id, client_message_id, content, sent_at, accepted_at)
            FROM STDIN (FORMAT binary)""";

    /** New chats; an existing chat only has its latest_seq raised. */
    public static final String UPSERT_CHATS = """
            INSERT INTO chats AS c (id, type, title, created_by, created_at, latest_seq)
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[], ?::text[]::timestamptz[], ?::int8[])
            ON CONFLICT (id) DO UPDATE SET latest_seq = EXCLUDED.latest_seq
            WHERE c.latest_seq < EXCLUDED.latest_seq""";

    /** latest_seq of chats that saw events but were not created in the batch: only raised. */
    public static final String RAISE_CHAT_LATEST_SEQ = """
            UPDATE chats c SET latest_seq = u.seq
              FROM unnest(?::uuid[], ?::int8[]) AS u(id, seq)
             WHERE c.id = u.id AND c.latest_seq < u.seq""";

    /**
     * A member's latest join (with the leave that followed it, if any). A new row starts from the watermarks already
     * in receipt_log (receipts travel on another topic and may be written before the join). An existing row is only
     * replaced by a later membership position, and its watermarks are kept.
     */
    public static final String UPSERT_PARTICIPANTS = """
            INSERT INTO chat_participants AS p (chat_id, user_id, role, joined_at, joined_seq, left_at, left_seq,
                                                delivered_seq, delivered_at, read_seq, read_at)
            SELECT u.chat_id, u.user_id, u.role, u.joined_at, u.joined_seq, u.left_at, u.left_seq,
                   greatest(coalesce(d.up_to_seq, 0), coalesce(r.up_to_seq, 0)),
                   CASE WHEN coalesce(d.up_to_seq, 0) >= coalesce(r.up_to_seq, 0) THEN d.advanced_at ELSE r.advanced_at END,
                   coalesce(r.up_to_seq, 0), r.advanced_at
              FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[]::timestamptz[], ?::int8[],
                          ?::text[]::timestamptz[], ?::int8[])
                   AS u(chat_id, user_id, role, joined_at, joined_seq, left_at, left_seq)
              LEFT JOIN LATERAL (SELECT l.up_to_seq, l.advanced_at FROM receipt_log l
                                  WHERE l.chat_id = u.chat_id AND l.user_id = u.user_id AND l.kind = 'delivered'
                                  ORDER BY l.up_to_seq DESC LIMIT 1) d ON true
              LEFT JOIN LATERAL (SELECT l.up_to_seq, l.advanced_at FROM receipt_log l
                                  WHERE l.chat_id = u.chat_id AND l.user_id = u.user_id AND l.kind = 'read'
                                  ORDER BY l.up_to_seq DESC LIMIT 1) r ON true
            ON CONFLICT (chat_id, user_id) DO UPDATE
               SET role = EXCLUDED.role, joined_at = EXCLUDED.joined_at, joined_seq = EXCLUDED.joined_seq,
                   left_at = EXCLUDED.left_at, left_seq = EXCLUDED.left_seq
             WHERE greatest(EXCLUDED.joined_seq, coalesce(EXCLUDED.left_seq, 0))
                 > greatest(p.joined_seq, coalesce(p.left_seq, 0))""";

    /** A leave with no later join in the batch: only a leave after the current join and any earlier leave counts. */
    public static final String APPLY_LEAVES = """
            UPDATE chat_participants p SET left_seq = u.left_seq, left_at = u.left_at
              FROM unnest(?::uuid[], ?::uuid[], ?::int8[], ?::text[]::timestamptz[]) AS u(chat_id, user_id, left_seq, left_at)
             WHERE p.chat_id = u.chat_id AND p.user_id = u.user_id
               AND p.joined_seq < u.left_seq AND (p.left_seq IS NULL OR p.left_seq < u.left_seq)""";

    /** Watermarks are only raised (GREATEST); read implies delivered. A column of 0 means "no advance in the batch". */
    public static final String RAISE_WATERMARKS = """
            UPDATE chat_participants p SET
                   delivered_seq = greatest(p.delivered_seq, u.delivered_seq, u.read_seq),
                   delivered_at = CASE WHEN greatest(u.delivered_seq, u.read_seq) > p.delivered_seq
                                       THEN CASE WHEN u.delivered_seq >= u.read_seq THEN u.delivered_at ELSE u.read_at END
                                       ELSE p.delivered_at END,
                   read_seq = greatest(p.read_seq, u.read_seq),
                   read_at = CASE WHEN u.read_seq > p.read_seq THEN u.read_at ELSE p.read_at END
              FROM unnest(?::uuid[], ?::uuid[], ?::int8[], ?::text[]::timestamptz[], ?::int8[], ?::text[]::timestamptz[])
                   AS u(chat_id, user_id, delivered_seq, delivered_at, read_seq, read_at)
             WHERE p.chat_id = u.chat_id AND p.user_id = u.user_id
               AND (greatest(u.delivered_seq, u.read_seq) > p.delivered_seq OR u.read_seq > p.read_seq)""";

    /** Each advance once (the primary key makes a replay a no-op). */
    public static final String INSERT_RECEIPT_LOG = """
            INSERT INTO receipt_log (chat_id, user_id, kind, up_to_seq, previous_seq, advanced_at)
            SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::int8[], ?::int8[], ?::text[]::timestamptz[])
            ON CONFLICT DO NOTHING""";

    /** Only a higher version replaces an unread row. */
    public static final String UPSERT_UNREAD = """
            INSERT INTO unread_messages AS m (user_id, chat_id, unread_count, last_read_seq, latest_seq, version)
            SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::int8[], ?::int8[], ?::int8[], ?::int8[])
            ON CONFLICT (user_id, chat_id) DO UPDATE
               SET unread_count = EXCLUDED.unread_count, last_read_seq = EXCLUDED.last_read_seq,
                   latest_seq = EXCLUDED.latest_seq, version = EXCLUDED.version
             WHERE m.version < EXCLUDED.version""";

    /**
     * The next offset per partition, written in the same transaction as the rows read before it: only while the
     * writer's epoch is still the partition's owner epoch (a stale owner writes nothing, see {@link #CLAIM_OFFSETS}),
     * and never backwards. The caller compares the rows affected with the partitions it wrote.
     */
    public static final String STORE_OFFSETS = """
            INSERT INTO sink_offsets AS s (consumer_group, topic, partition, next_offset, owner_epoch)
            SELECT ?, * FROM unnest(?::text[], ?::int4[], ?::int8[], ?::int8[])
            ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset
            WHERE s.owner_epoch = EXCLUDED.owner_epoch AND (s.next_offset IS NULL OR s.next_offset <= EXCLUDED.next_offset)""";

    /**
     * Takes partitions over: bumps each one's owner epoch and answers it with the stored next offset (null: nothing
     * stored, start from the beginning), in one statement, so a previous owner's writes fail from here on.
     */
    public static final String CLAIM_OFFSETS = """
            INSERT INTO sink_offsets AS s (consumer_group, topic, partition, next_offset, owner_epoch)
            SELECT ?, t, p, NULL, 1 FROM unnest(?::text[], ?::int4[]) AS x(t, p)
            ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET owner_epoch = s.owner_epoch + 1
            RETURNING topic, partition, next_offset, owner_epoch""";

    /** A refused record, once per source position; answers the ones that were new. */
    public static final String INSERT_REJECTS = """
            INSERT INTO sink_rejects (consumer_group, source_topic, source_partition, source_offset, record_key,
                                      publish_key, reason, detail, raw_value, rejected_at)
            SELECT ?, * FROM unnest(?::text[], ?::int4[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::text[]::timestamptz[])
            ON CONFLICT DO NOTHING
            RETURNING source_topic, source_partition, source_offset""";

    public static final String MARK_REJECTS_PUBLISHED = """
            UPDATE sink_rejects r SET published = true
              FROM unnest(?::text[], ?::int4[], ?::int8[]) AS x(t, p, o)
             WHERE r.consumer_group = ? AND r.source_topic = x.t AND r.source_partition = x.p AND r.source_offset = x.o""";

    /** Refusals stored but not yet published, of the given partitions (a crash came between commit and publish). */
    public static final String UNPUBLISHED_REJECTS = """
            SELECT r.source_topic, r.source_partition, r.source_offset, r.record_key, r.reason, r.detail, r.raw_value,
                   r.rejected_at, r.publish_key
              FROM sink_rejects r JOIN unnest(?::text[], ?::int4[]) AS x(t, p) ON r.source_topic = x.t AND r.source_partition = x.p
             WHERE r.consumer_group = ? AND NOT r.published
             ORDER BY r.source_topic, r.source_partition, r.source_offset""";

    /**
     * A rebuild's start: the tables the pipeline derives from its topics, emptied in one statement (the tables that
     * reference messages go with it: the caller refuses while they hold rows), and the sink group's offsets and refusals.
     */
    public static final String EMPTY_FOR_REBUILD = """
            TRUNCATE messages, chats, chat_participants, receipt_log, unread_messages, attachments, message_reactions""";

    public static final String FORGET_GROUP_OFFSETS = "DELETE FROM sink_offsets WHERE consumer_group = ?";

    public static final String FORGET_GROUP_REJECTS = "DELETE FROM sink_rejects WHERE consumer_group = ?";

    public static final String COUNT_REFERENCING_MESSAGES = """
            SELECT (SELECT count(*) FROM attachments) + (SELECT count(*) FROM message_reactions)""";

    /**
     * After a rebuild: the unread count of every participant whose unread records the unread topic no longer holds
     * (time retention), by DESIGN §2 invariant 5's definition from messages and the watermarks. Version 0, so the next
     * UnreadChanged from the worker replaces it; only non-zero counts (no row reads as 0).
     */
    public static final String RECOMPUTE_MISSING_UNREAD = """
            INSERT INTO unread_messages (user_id, chat_id, unread_count, last_read_seq, latest_seq, version)
            SELECT p.user_id, p.chat_id, e.unread, p.read_seq, c.latest_seq, 0
              FROM chat_participants p
              JOIN chats c ON c.id = p.chat_id
              CROSS JOIN LATERAL (SELECT count(*) AS unread FROM messages m
                                   WHERE m.chat_id = p.chat_id AND m.seq > p.read_seq AND m.sender_id <> p.user_id
                                     AND m.seq > p.joined_seq AND (p.left_seq IS NULL OR m.seq <= p.left_seq)) e
             WHERE e.unread > 0
            ON CONFLICT (user_id, chat_id) DO NOTHING""";

    /** While isolating a bad record every constraint is checked per statement, so the failing one is found. */
    public static final String CONSTRAINTS_IMMEDIATE = "SET CONSTRAINTS ALL IMMEDIATE";

    public static final String PING = "SELECT 1";
}
