package dev.enlightened.wire.rndis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The info buffer of a SET of {@code OID_GEN_RECEIVE_SCALE_PARAMETERS}: Linux hyperv_net.h
 * {@code struct ndis_recv_scale_param} (NDIS_RECEIVE_SCALE_PARAMETERS revision 2, not packed, so two u16 fields
 * are followed by padding: openvmm {@code rndisprot.rs} {@code NdisReceiveScaleParameters} spells them out as
 * {@code pad0} and {@code pad1}), then the indirection table and the hash key, as Linux rndis_set_rss_param_msg lays
 * them out:
 * <pre>
 *  0 u8  hdr.type = 0x89 (NDIS_OBJECT_TYPE_RSS_PARAMETERS)   1 u8 hdr.rev = 2   2 u16 hdr.size = 40
 *  4 u16 flag                     6 u16 base_cpu_number
 *  8 u32 hashinfo (NDIS_HASH_*)
 * 12 u16 indirect_tabsize (bytes)  14 pad     16 u32 indirect_taboffset (from byte 0)
 * 20 u16 hashkey_size (bytes)      22 pad     24 u32 hashkey_offset (from byte 0)
 * 28 u32 processor_masks_offset   32 u32 num_processor_masks   36 u32 processor_masks_entry_size
 * 40 u32 indirection table[ITAB_NUM]      40 + 4*ITAB_NUM u8 key[40]
 * </pre>
 * The host's checks follow openvmm netvsp {@code oid_set_rss_parameters}: RSS is off when {@code flag} has
 * DISABLE_RSS or {@code hashinfo} names no hash function; otherwise the key is 40 bytes, the table size a
 * non-zero multiple of 4, both areas inside the buffer, and every entry a queue the device has.
 *
 * @param flag     {@code NDIS_RSS_PARAM_FLAG_*}
 * @param hashInfo {@code NDIS_HASH_*} bits
 * @param table    the indirection table, one queue per entry
 * @param key      the Toeplitz key
 */
public record RssParameters(int flag, int hashInfo, int[] table, byte[] key) {
    /** {@code NDIS_OBJECT_TYPE_RSS_PARAMETERS}. */
    public static final int OBJECT_TYPE = 0x89;
    /** {@code NDIS_RECEIVE_SCALE_PARAMETERS_REVISION_2}. */
    public static final int REVISION_2 = 2;
    /** {@code sizeof(struct ndis_recv_scale_param)}. */
    public static final int STRUCT_LENGTH = 40;
    public static final int TYPE_OFFSET = 0;
    public static final int REVISION_OFFSET = 1;
    public static final int SIZE_OFFSET = 2;
    public static final int FLAG_OFFSET = 4;
    public static final int BASE_CPU_OFFSET = 6;
    public static final int HASH_INFO_OFFSET = 8;
    public static final int TABLE_SIZE_OFFSET = 12;
    public static final int TABLE_OFFSET_OFFSET = 16;
    public static final int KEY_SIZE_OFFSET = 20;
    public static final int KEY_OFFSET_OFFSET = 24;
    /** Linux {@code ITAB_NUM}: the entries Linux sends. */
    public static final int ITAB_NUM = 128;
    /** {@code NDIS_RSS_HASH_SECRET_KEY_MAX_SIZE_REVISION_2} (Linux {@code NETVSC_HASH_KEYLEN}). */
    public static final int KEY_LENGTH = 40;
    /** Linux's {@code extlen}: struct, table of ITAB_NUM u32, key. */
    public static final int LINUX_LENGTH = STRUCT_LENGTH + 4 * ITAB_NUM + KEY_LENGTH;
    /** {@code NDIS_RSS_PARAM_FLAG_DISABLE_RSS}. */
    public static final int FLAG_DISABLE_RSS = 0x0010;
    /** {@code NDIS_HASH_FUNC_TOEPLITZ}. */
    public static final int HASH_FUNC_TOEPLITZ = 0x00000001;
    /** openvmm {@code NDIS_HASH_FUNCTION_MASK}: the hash function bits. */
    public static final int HASH_FUNCTION_MASK = 0x000000FF;
    public static final int HASH_IPV4 = 0x00000100;
    public static final int HASH_TCP_IPV4 = 0x00000200;
    public static final int HASH_IPV6 = 0x00000400;
    public static final int HASH_TCP_IPV6 = 0x00001000;
    /** The hashinfo Linux rndis_set_rss_param_msg sends. */
    public static final int LINUX_HASH_INFO = HASH_FUNC_TOEPLITZ | HASH_IPV4 | HASH_TCP_IPV4 | HASH_IPV6
            | HASH_TCP_IPV6;

    /** Copies the arrays. */
    public RssParameters {
        table = table.clone();
        key = key.clone();
    }

    /**
     * Linux's parameters for a device with {@code numQueues} queues: ITAB_NUM entries
     * {@code ethtool_rxfh_indir_default(i, n) = i % n}, Linux's hashinfo and the given key.
     */
    public static RssParameters linux(int flag, int numQueues, byte[] key) {
        int[] t = new int[ITAB_NUM];
        for (int i = 0; i < ITAB_NUM; i++) {
            t[i] = i % numQueues;
        }
        return new RssParameters(flag, LINUX_HASH_INFO, t, key);
    }

    @Override
    public int[] table() {
        return table.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** @return true if these parameters turn RSS off (openvmm: DISABLE_RSS, or no hash function) */
    public boolean disables() {
        return (flag & FLAG_DISABLE_RSS) != 0 || (hashInfo & HASH_FUNCTION_MASK) == 0;
    }

    /** @return the info buffer as Linux rndis_set_rss_param_msg fills it */
    public byte[] encode() {
        int tableBytes = 4 * table.length;
        ByteBuffer b = ByteBuffer.allocate(STRUCT_LENGTH + tableBytes + key.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(TYPE_OFFSET, (byte) OBJECT_TYPE).put(REVISION_OFFSET, (byte) REVISION_2)
                .putShort(SIZE_OFFSET, (short) STRUCT_LENGTH).putShort(FLAG_OFFSET, (short) flag)
                .putShort(BASE_CPU_OFFSET, (short) 0).putInt(HASH_INFO_OFFSET, hashInfo)
                .putShort(TABLE_SIZE_OFFSET, (short) tableBytes).putInt(TABLE_OFFSET_OFFSET, STRUCT_LENGTH)
                .putShort(KEY_SIZE_OFFSET, (short) key.length).putInt(KEY_OFFSET_OFFSET, STRUCT_LENGTH + tableBytes);
        for (int i = 0; i < table.length; i++) {
            b.putInt(STRUCT_LENGTH + 4 * i, table[i]);
        }
        b.put(STRUCT_LENGTH + tableBytes, key);
        return b.array();
    }

    /** What the host makes of an info buffer. */
    public sealed interface Decode {
    }

    /** RSS on with these parameters, or off ({@link RssParameters#disables()}). */
    public record Valid(RssParameters params) implements Decode {
    }

    /** Refused: the field and its offending value (openvmm {@code OidError::InvalidInput(field)}). */
    public record Invalid(String field, long value) implements Decode {
        /** @return {@code field=value} */
        public String describe() {
            return field + "=" + value;
        }
    }

    /**
     * Validates an info buffer from the guest, every size and offset as unsigned.
     *
     * @param info      the SET's info buffer
     * @param numQueues queues the device has: every table entry must be below
     * @return the parameters, or what is wrong with them
     */
    public static Decode decode(byte[] info, int numQueues) {
        if (info.length < STRUCT_LENGTH) {
            return new Invalid("info_buflen", info.length);
        }
        ByteBuffer b = ByteBuffer.wrap(info).order(ByteOrder.LITTLE_ENDIAN);
        int flag = Short.toUnsignedInt(b.getShort(FLAG_OFFSET));
        int hashInfo = b.getInt(HASH_INFO_OFFSET);
        if ((flag & FLAG_DISABLE_RSS) != 0 || (hashInfo & HASH_FUNCTION_MASK) == 0) {
            return new Valid(new RssParameters(flag, hashInfo, new int[0], new byte[0]));
        }
        int keySize = Short.toUnsignedInt(b.getShort(KEY_SIZE_OFFSET));
        long keyOffset = Integer.toUnsignedLong(b.getInt(KEY_OFFSET_OFFSET));
        int tableSize = Short.toUnsignedInt(b.getShort(TABLE_SIZE_OFFSET));
        long tableOffset = Integer.toUnsignedLong(b.getInt(TABLE_OFFSET_OFFSET));
        if (keySize != KEY_LENGTH) {
            return new Invalid("hashkey_size", keySize);
        }
        if (tableSize == 0 || tableSize % 4 != 0) {
            return new Invalid("indirect_tabsize", tableSize);
        }
        if (keyOffset + keySize > info.length) {
            return new Invalid("hashkey_offset", keyOffset);
        }
        if (tableOffset + tableSize > info.length) {
            return new Invalid("indirect_taboffset", tableOffset);
        }
        int[] table = new int[tableSize / 4];
        for (int i = 0; i < table.length; i++) {
            table[i] = b.getInt((int) tableOffset + 4 * i);
            if (Integer.toUnsignedLong(table[i]) >= numQueues) {
                return new Invalid("indirection_table[" + i + "]", Integer.toUnsignedLong(table[i]));
            }
        }
        byte[] key = new byte[KEY_LENGTH];
        b.get((int) keyOffset, key);
        return new Valid(new RssParameters(flag, hashInfo, table, key));
    }
}
