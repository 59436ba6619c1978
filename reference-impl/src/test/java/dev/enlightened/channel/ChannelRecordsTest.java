package dev.enlightened.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.wire.GpadlCreated;
import dev.enlightened.wire.GpadlTorndown;
import dev.enlightened.wire.OpenChannelResult;
import dev.enlightened.wire.ProtocolVersion;
import dev.enlightened.wire.RescindChannelOffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The channel package's records and tables at their bounds (PIT survivors, docs/mutation.md): the ring sizes a guest
 * accepts, where a ring GPADL's downstream ring may start and that its two rings are disjoint, the spec's record of
 * a host message, and fault ids.
 */
class ChannelRecordsTest {
    private static final List<ProtocolVersion> V = List.of(ProtocolVersion.WIN10_V5_3);

    private static List<Long> pfns(int n) {
        List<Long> p = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            p.add(0x10000 + i);
        }
        return p;
    }

    /** A ring is a control page plus at least one data page; the guest takes 2..2048 pages per ring. */
    @Test
    void aGuestTakesRingsOfTwoTo2048Pages() {
        assertEquals(2, new GuestConfig(V, 2, Set.of()).ringPages());
        assertEquals(2048, new GuestConfig(V, 2048, Set.of()).ringPages());
        assertThrows(IllegalArgumentException.class, () -> new GuestConfig(V, 1, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new GuestConfig(V, 2049, Set.of()));
    }

    /** The downstream ring starts inside the GPADL, after page 0 (the upstream ring's control page). */
    @Test
    void theDownstreamRingStartsStrictlyInsideTheGpadl() {
        RingGpadl r = RingGpadl.allocate(7, pfns(4), 2);
        assertEquals(2, r.downstreamPageOffset());
        assertEquals(1, new RingGpadl(7, pfns(4), 1, r.upstream(), r.downstream()).downstreamPageOffset());
        assertEquals(3, new RingGpadl(7, pfns(4), 3, r.upstream(), r.downstream()).downstreamPageOffset());
        assertThrows(IllegalArgumentException.class, () -> new RingGpadl(7, pfns(4), 0, r.upstream(), r.downstream()));
        assertThrows(IllegalArgumentException.class, () -> new RingGpadl(7, pfns(4), 4, r.upstream(), r.downstream()));
    }

    /** The two rings of a GPADL are the same size and share no byte: a write index set in one is not in the other. */
    @Test
    void theTwoRingsOfAGpadlAreDisjoint() {
        RingGpadl r = RingGpadl.allocate(7, pfns(8), 4);
        assertEquals(3 * RingGpadl.PAGE, r.upstream().dataLength());
        assertEquals(3 * RingGpadl.PAGE, r.downstream().dataLength());
        r.upstream().storeWriteIndexRelease(64);
        assertEquals(0, r.downstream().loadWriteIndexAcquire());
        r.downstream().storeWriteIndexRelease(128);
        assertEquals(64, r.upstream().loadWriteIndexAcquire());
        assertThrows(IllegalArgumentException.class, () -> RingGpadl.allocate(7, pfns(7), 4));
    }

    /** The spec's record of a host message: its type and the fields the spec matches on, status as ok. */
    @Test
    void theSpecRecordOfAHostMessageHoldsTheFieldsTheSpecMatches() {
        assertEquals(Map.of("type", "GpadlCreated", "relid", 5, "handle", 0x10, "ok", true),
                SpecMessages.of(new GpadlCreated(5, 0x10, 0)));
        assertEquals(Map.of("type", "GpadlCreated", "relid", 5, "handle", 0x10, "ok", false),
                SpecMessages.of(new GpadlCreated(5, 0x10, 0xC0000001)));
        assertEquals(Map.of("type", "OpenChannelResult", "relid", 5, "ok", true),
                SpecMessages.of(new OpenChannelResult(5, 5, 0)));
        assertEquals(Map.of("type", "OpenChannelResult", "relid", 5, "ok", false),
                SpecMessages.of(new OpenChannelResult(5, 5, 1)));
        assertEquals(Map.of("type", "RescindChannelOffer", "relid", 9), SpecMessages.of(new RescindChannelOffer(9)));
        assertEquals(Map.of("type", "GpadlTorndown", "handle", 0x10), SpecMessages.of(new GpadlTorndown(0x10)));
    }

    /** Fault ids parse case-insensitively; an unknown id is empty; every fault says what it does. */
    @Test
    void faultIdsParseAndEveryFaultIsDescribed() {
        for (Fault f : Fault.values()) {
            assertEquals(Optional.of(f), Fault.parse(f.name().toLowerCase(java.util.Locale.ROOT)));
            assertFalse(f.description().isBlank(), f.name());
        }
        assertEquals(Optional.empty(), Fault.parse("H99"));
        assertTrue(Fault.values().length > 1);
    }
}
