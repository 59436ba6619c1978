package dev.enlightened.storvsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.PacketView;
import dev.enlightened.ring.ReadResult;
import dev.enlightened.ring.RingProducer;
import dev.enlightened.storvsc.scenario.StorvscRunner;
import dev.enlightened.storvsc.scenario.StorvscScenario;
import dev.enlightened.storvsc.scenario.StorvscSystem;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.vstor.VstorScsi;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * EXECUTE_SRB and its COMPLETE_IO byte for byte (vectors computed by hand from the Linux structs), and the guest's
 * I/O path against the simulated host: several outstanding, matched by trans_id, back-pressure when full.
 */
class StorvscIoTest {
    /** EXECUTE_SRB of READ(10) lba 2, 1 block: 64-byte vstor_packet, offsets as in the vmscsi_request javadoc. */
    static final String READ10_REQUEST = "03000000" + "01000000" + "00000000" // operation 3, flags 1, status 0
            + "3400" + "00" + "00" + "00" + "00" + "00" + "00" // length 0x34, srb/scsi status, port, path, target, lun
            + "0a" + "14" + "01" + "00" // cdb_length 10, sense_info_length 0x14, data_in READ, reserved
            + "00020000" // data_transfer_length 512
            + "28000000000200000100" + "00000000000000000000" // cdb (20-byte area)
            + "0000" + "00" + "00" // reserve, queue_tag, queue_action
            + "48000000" + "3c000000" + "00000000"; // srb_flags 0x08|0x40, time_out_value 60, queue_sort_key
    /** Its COMPLETE_IO: srb_status SUCCESS, sense_info_length 0, data_transfer_length 512; 512 data bytes follow. */
    static final String READ10_COMPLETION = "01000000" + "00000000" + "00000000"
            + "3400" + "01" + "00" + "00" + "00" + "00" + "00"
            + "0a" + "00" + "01" + "00"
            + "00020000"
            + "00000000000000000000" + "00000000000000000000"
            + "0000" + "00" + "00"
            + "48000000" + "3c000000" + "00000000";
    /** COMPLETE_IO of READ(10) past the end: SRB_STATUS_ERROR|AUTOSENSE_VALID, CHECK CONDITION, fixed sense. */
    static final String OUT_OF_RANGE_COMPLETION = "01000000" + "00000000" + "00000000"
            + "3400" + "84" + "02" + "00" + "00" + "00" + "00"
            + "0a" + "12" + "01" + "00" // sense_info_length 18
            + "00000000" // nothing transferred
            + "70000500000000" + "0a" + "00000000" + "21" + "00" + "000000000000" // 0x70, key 5, len 10, ASC 0x21
            + "0000" + "00" + "00"
            + "48000000" + "3c000000" + "00000000";

    private final StorvscSystem system = ready(isolated());
    private final StorvscIo io = new StorvscIo(system.guest(), system.channel(), 4);

    /** @return true to read every ring as an isolated guest does; {@link StorvscIoIsolatedTest} says true */
    boolean isolated() {
        return false;
    }

    static StorvscSystem ready() {
        return ready(false);
    }

    /** @param isolated read every channel as an isolated guest does (copying each packet before parsing it) */
    static StorvscSystem ready(boolean isolated) {
        StorvscSystem s = new StorvscSystem(StorvscScenario.basic(1), TraceSink.OFF,
                new dev.enlightened.sim.RandomChooser(1), StorvscDisk.defaultDisk(), StorvscIo.IO_RING_BYTES, isolated);
        assertEquals(isolated, s.channel().isolated());
        StorvscRunner.run(s, TraceSink.OFF);
        assertEquals(GuestPc.READY, s.guest().pc());
        return s;
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void encodesExecuteSrbAsTheLinuxStructWithItsOwnTransId() {
        assertInstanceOf(StorvscIo.Submit.Submitted.class, io.submit(StorvscCommand.read10(2, 1, 512)));
        PacketView v = new PacketView();
        assertEquals(ReadResult.Read.INSTANCE, system.channel().hostIn().next(v));
        assertEquals(PacketDescriptor.TYPE_DATA_INBAND, v.type());
        assertEquals(PacketDescriptor.FLAG_COMPLETION_REQUESTED, v.flags());
        assertEquals(StorvscIo.FIRST_TID, v.transId());
        assertEquals(PacketDescriptor.LENGTH + 64, v.packetLength());
        byte[] p = new byte[v.payloadLength()];
        v.copyPayload(0, p, 0, p.length);
        assertEquals(READ10_REQUEST, HexFormat.of().formatHex(p));
    }

    @Test
    void aWriteCarriesItsDataInbandAfterTheVstorPacket() {
        byte[] data = new byte[1024];
        data[0] = 0x5A;
        data[1023] = (byte) 0xA5;
        io.submit(StorvscCommand.write10(7, data, 512));
        PacketView v = new PacketView();
        system.channel().hostIn().next(v);
        byte[] p = new byte[v.payloadLength()];
        v.copyPayload(0, p, 0, p.length);
        assertEquals(64 + 1024, p.length);
        assertEquals(VstorScsi.DATA_OUT, p[22]);
        assertEquals("00040000", HexFormat.of().formatHex(p, 24, 28)); // data_transfer_length 1024
        assertEquals("88000000", HexFormat.of().formatHex(p, 52, 56)); // DISABLE_SYNCH_TRANSFER | DATA_OUT
        assertEquals(0x5A, p[64]);
        assertEquals((byte) 0xA5, p[64 + 1023]);
    }

    @Test
    void theHostAnswersAReadWithTheHandComputedCompletionAndItsData() {
        io.submit(StorvscCommand.read10(2, 1, 512));
        system.host().receiveRequest();
        PacketView v = new PacketView();
        assertEquals(ReadResult.Read.INSTANCE, system.channel().guestIn().next(v));
        assertEquals(PacketDescriptor.TYPE_COMP, v.type());
        assertEquals(StorvscIo.FIRST_TID, v.transId());
        byte[] p = new byte[v.payloadLength()];
        v.copyPayload(0, p, 0, p.length);
        assertEquals(READ10_COMPLETION, HexFormat.of().formatHex(p, 0, 64));
        assertEquals(64 + 512, p.length);
    }

    @Test
    void theHostRefusesAReadPastTheEndWithIllegalRequestSense() {
        io.submit(StorvscCommand.read10(StorvscDisk.DEFAULT_BLOCKS, 1, 512));
        system.host().receiveRequest();
        PacketView v = new PacketView();
        system.channel().guestIn().next(v);
        byte[] p = new byte[v.payloadLength()];
        v.copyPayload(0, p, 0, p.length);
        assertEquals(OUT_OF_RANGE_COMPLETION, HexFormat.of().formatHex(p));
    }

    @Test
    void theGuestDecodesAHandWrittenCheckConditionCompletion() {
        io.submit(StorvscCommand.read10(StorvscDisk.DEFAULT_BLOCKS, 1, 512));
        byte[] c = hex(OUT_OF_RANGE_COMPLETION);
        system.channel().hostOut().tryWrite(PacketDescriptor.TYPE_COMP, 0, StorvscIo.FIRST_TID, c, 0, c.length);
        List<StorvscIoCompletion> done = io.poll();
        assertEquals(1, done.size());
        StorvscIoCompletion d = done.get(0);
        assertNull(d.error());
        assertEquals(0x84, d.srbStatus());
        assertEquals(VstorScsi.SAM_CHECK_CONDITION, d.scsiStatus());
        assertEquals(18, d.sense().length);
        assertEquals(VstorScsi.KEY_ILLEGAL_REQUEST, d.senseKey());
        assertEquals(VstorScsi.ASC_LBA_OUT_OF_RANGE, d.asc());
        assertEquals(0, d.data().length);
    }

    @Test
    void writesThenReadsBackWithSeveralOutstandingMatchedByTransId() {
        byte[] a = new byte[512];
        byte[] b = new byte[1024];
        Arrays.fill(a, (byte) 1);
        Arrays.fill(b, (byte) 2);
        long wa = ((StorvscIo.Submit.Submitted) io.submit(StorvscCommand.write10(10, a, 512))).transId();
        long wb = ((StorvscIo.Submit.Submitted) io.submit(StorvscCommand.write10(20, b, 512))).transId();
        long ra = ((StorvscIo.Submit.Submitted) io.submit(StorvscCommand.read10(10, 1, 512))).transId();
        long rb = ((StorvscIo.Submit.Submitted) io.submit(StorvscCommand.read10(20, 2, 512))).transId();
        assertEquals(List.of(wa + 1, wa + 2, wa + 3), List.of(wb, ra, rb));
        assertEquals(4, io.outstanding());
        assertEquals(new StorvscIo.Submit.Busy("queue full"), io.submit(StorvscCommand.testUnitReady()));
        while (system.host().canStep()) {
            system.host().receiveRequest();
        }
        List<StorvscIoCompletion> done = io.poll();
        assertEquals(List.of(wa, wb, ra, rb), done.stream().map(StorvscIoCompletion::transId).toList());
        assertTrue(done.stream().allMatch(StorvscIoCompletion::ok));
        assertArrayEquals(a, done.get(2).data());
        assertArrayEquals(b, done.get(3).data());
        assertEquals(0, io.outstanding());
        assertTrue(io.errors().isEmpty());
    }

    @Test
    void pluggedRequestsReachTheHostTogetherAtUnplugWithOneCommit() {
        RingProducer out = system.channel().guestOut();
        long commits = out.packetsWritten();
        io.plug();
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(StorvscIo.Submit.Submitted.class, io.submit(StorvscCommand.read10(i, 1, 512)));
        }
        assertTrue(!system.channel().hostHasInput(), "nothing published while plugged");
        assertEquals(3, out.uncommitted());
        assertEquals(3, io.unplug());
        assertEquals(commits + 3, out.packetsWritten());
        assertTrue(system.channel().hostHasInput());
        // A poll publishes a plugged batch first: the caller never waits on requests the host cannot see.
        io.plug();
        assertInstanceOf(StorvscIo.Submit.Submitted.class, io.submit(StorvscCommand.read10(9, 1, 512)));
        io.poll();
        assertEquals(0, out.uncommitted());
        while (system.host().canStep()) {
            system.host().receiveRequest();
        }
        assertEquals(4, io.poll().stream().filter(StorvscIoCompletion::ok).count());
        assertTrue(io.errors().isEmpty());
    }

    @Test
    void aFullOutboundRingIsBusyNotAnErrorAndClearsOnceTheHostDrains() {
        StorvscIo deep = new StorvscIo(system.guest(), system.channel(), 1000);
        byte[] data = new byte[StorvscIo.MAX_TRANSFER];
        int sent = 0;
        StorvscIo.Submit s;
        while ((s = deep.submit(StorvscCommand.write10(0, data, 512))) instanceof StorvscIo.Submit.Submitted) {
            sent++;
        }
        assertEquals(new StorvscIo.Submit.Busy("ring full"), s);
        assertEquals(StorvscIo.IO_RING_BYTES / (16 + 64 + StorvscIo.MAX_TRANSFER + 8), sent);
        system.host().receiveRequest();
        assertInstanceOf(StorvscIo.Submit.Submitted.class, deep.submit(StorvscCommand.write10(0, data, 512)));
        assertTrue(deep.errors().isEmpty());
    }

    @Test
    void answersTheProbeCommands() {
        io.submit(StorvscCommand.testUnitReady());
        io.submit(StorvscCommand.inquiry());
        io.submit(StorvscCommand.readCapacity());
        while (system.host().canStep()) {
            system.host().receiveRequest();
        }
        List<StorvscIoCompletion> done = io.poll();
        assertTrue(done.get(0).ok());
        byte[] inq = done.get(1).data();
        assertEquals(36, inq.length);
        assertEquals(31, inq[4]);
        assertEquals("Msft    Virtual Disk    1.0 ", new String(inq, 8, 28, StandardCharsets.US_ASCII));
        assertEquals("000007ff00000200", HexFormat.of().formatHex(done.get(2).data())); // last LBA 2047, 512
    }

    @Test
    void submitIsRejectedWhenTheHandshakeFailed() {
        StorvscSystem s = new StorvscSystem(StorvscScenario.basic(1).withHost(Set.of(0x0200), 0, 0),
                TraceSink.OFF);
        StorvscRunner.run(s, TraceSink.OFF);
        StorvscIo dead = new StorvscIo(s.guest(), s.channel(), 4);
        assertInstanceOf(StorvscIo.Submit.Rejected.class, dead.submit(StorvscCommand.testUnitReady()));
        assertEquals(0, dead.outstanding());
    }
    /** The GPA_DIRECT extension of that READ(10): reserved, rangecount 1, len 512, offset 0, pfn 0x10000. */
    static final String READ10_GPA_EXTENSION = "00000000" + "01000000" + "00020000" + "00000000" + "0000010000000000";

    @Test
    void encodesAGpaDirectReadAsVmbusPacketMpbArrayThenTheSameVstorPacket() {
        StorvscIo gpa = new StorvscIo(system.guest(), system.channel(), 4, system.memory());
        gpa.submit(StorvscCommand.read10(2, 1, 512));
        PacketView v = new PacketView();
        system.channel().hostIn().next(v);
        assertEquals(PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT, v.type());
        assertEquals(16 + 24 + 64, v.packetLength()); // len8 13, offset8 5
        byte[] ext = new byte[v.extensionLength()];
        v.copyExtension(0, ext, 0, ext.length);
        assertEquals(READ10_GPA_EXTENSION, HexFormat.of().formatHex(ext));
        byte[] p = new byte[v.payloadLength()];
        v.copyPayload(0, p, 0, p.length);
        assertEquals(READ10_REQUEST, HexFormat.of().formatHex(p));
    }

    @Test
    void gpaDirectMovesDataThroughGuestPagesAndGivesThemBack() {
        GuestMemory mem = system.memory();
        int free = mem.freePages();
        StorvscIo gpa = new StorvscIo(system.guest(), system.channel(), 4, mem);
        byte[] data = new byte[3 * 4096 + 512]; // spans four pages
        new java.util.Random(5).nextBytes(data);
        gpa.submit(StorvscCommand.write10(100, data, 512));
        gpa.submit(StorvscCommand.read10(100, data.length / 512, 512));
        assertEquals(free - 8, mem.freePages());
        system.host().receiveRequest();
        system.host().receiveRequest();
        int before = system.channel().guestIn().readIndex();
        List<StorvscIoCompletion> done = gpa.poll();
        // Both completions are bare: descriptor, vstor_packet, trailer; the read data went into the pages.
        assertEquals(2 * (16 + 64 + 8), system.channel().guestIn().readIndex() - before);
        assertTrue(done.stream().allMatch(StorvscIoCompletion::ok));
        assertArrayEquals(data, done.get(1).data());
        assertEquals(free, mem.freePages());
    }

    @Test
    void theHostRefusesAGpaRangeItCannotTrust() {
        byte[] head = dev.enlightened.wire.vstor.VstorPacket.request(
                dev.enlightened.wire.vstor.VstorOperation.EXECUTE_SRB, StorvscCommand.read10(2, 1, 512).toSrb())
                .encode();
        String[] bad = {
            READ10_GPA_EXTENSION.replace("0000010000000000", "0500000000000000"), // pfn 5: not guest RAM
            READ10_GPA_EXTENSION.replace("0000000001000000", "0000000002000000"), // two ranges
            READ10_GPA_EXTENSION.replace("00020000", "00010000"), // range shorter than data_transfer_length
            "00000000" + "01000000" + "00200000" + "00000000" + "0000010000000000", // 8 KiB but one pfn
        };
        for (String ext : bad) {
            system.channel().guestOut().tryWrite(PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT,
                    PacketDescriptor.FLAG_COMPLETION_REQUESTED, 7, hex(ext), head, 0, head.length);
            system.host().receiveRequest();
            PacketView v = new PacketView();
            assertEquals(ReadResult.Read.INSTANCE, system.channel().guestIn().next(v));
            assertEquals(VstorScsi.SRB_INVALID_REQUEST, v.payloadByte(14), ext);
            system.channel().guestIn().release();
        }
        List<String> errors = system.host().errors();
        assertEquals(4, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("outside guest memory: pfn=0x5"), errors.get(0));
        assertTrue(errors.get(1).contains("rangecount=2"), errors.get(1));
        assertTrue(errors.get(2).contains("len=256 data_transfer_length=512"), errors.get(2));
        assertTrue(errors.get(3).contains("pfns=1 needed=2"), errors.get(3));
    }

    @Test
    void runningOutOfGuestPagesIsBusy() {
        StorvscIo small = new StorvscIo(system.guest(), system.channel(), 8, new GuestMemory(4, 0x20000));
        assertInstanceOf(StorvscIo.Submit.Submitted.class, small.submit(StorvscCommand.read10(0, 32, 512)));
        assertEquals(new StorvscIo.Submit.Busy("no guest pages"), small.submit(StorvscCommand.read10(0, 1, 512)));
        assertInstanceOf(StorvscIo.Submit.Submitted.class, small.submit(StorvscCommand.testUnitReady()));
    }
    @Test
    void aBlockingSubmitWaitsWithPendingSendSzUntilTheHostMakesRoom() throws Exception {
        StorvscIo deep = new StorvscIo(system.guest(), system.channel(), 1000);
        StorvscCommand big = StorvscCommand.write10(0, new byte[StorvscIo.MAX_TRANSFER], 512);
        while (deep.submit(big) instanceof StorvscIo.Submit.Submitted) {
            continue;
        }
        // Nobody drains: the wait times out as back-pressure and the need is withdrawn.
        assertEquals(new StorvscIo.Submit.Busy("ring full"), deep.submit(big, 20_000_000L));
        assertEquals(0, system.channel().outbound().loadPendingSendSzAcquire());
        // The producer publishes max(its need, the wake-up threshold) (spec PendingFor), so the host is asked to
        // free at least one packet's room and at most the threshold.
        int need = Math.max(16 + 64 + StorvscIo.MAX_TRANSFER + 8,
                RingProducer.defaultPendingSendSzThreshold(system.channel().outbound().dataLength()));
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        Thread host = new Thread(() -> {
            long end = System.nanoTime() + 10_000_000_000L;
            while (seen.get() == 0 && System.nanoTime() < end) {
                seen.set(system.channel().outbound().loadPendingSendSzAcquire());
            }
            system.host().receiveRequest(); // frees one packet's room: the guest's need is met, the host signals
        });
        host.start();
        StorvscIo.Submit s = deep.submit(big, 10_000_000_000L);
        host.join();
        assertEquals(need, seen.get());
        assertInstanceOf(StorvscIo.Submit.Submitted.class, s);
        assertEquals(0, system.channel().outbound().loadPendingSendSzAcquire());
    }
}
