package dev.enlightened.storvsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.storvsc.scenario.StorvscSystem;
import dev.enlightened.wire.vstor.VstorDecodeError;
import dev.enlightened.wire.vstor.VstorOperation;
import dev.enlightened.wire.vstor.VstorPacket;
import dev.enlightened.wire.vstor.VstorPayload;
import dev.enlightened.wire.vstor.VstorScsi;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The guest's I/O path against a hostile host: each case of bad completion ends in a typed error with its stated
 * consequence (packet dropped, request failed, or device failed), never an exception and never a request left
 * waiting for a completion that already came.
 */
class StorvscIoHostileTest {
    private final StorvscSystem system = newSystem();
    private final StorvscIo io = new StorvscIo(system.guest(), system.channel(), 8);

    /** @return a device whose handshake is done; {@link StorvscIoHostileIsolatedTest} reads it as an isolated guest */
    StorvscSystem newSystem() {
        return StorvscIoTest.ready(false);
    }

    /** A well-formed COMPLETE_IO for a read of {@code length} that claims {@code dtl} and carries {@code data}. */
    static byte[] completion(VstorOperation op, int dtl, int senseLength, byte[] data) {
        VstorPayload.ScsiRequest srb = new VstorPayload.ScsiRequest(VstorPayload.ScsiRequest.SIZE,
                VstorScsi.SRB_SUCCESS, 0, 0, 0, 0, 0, 10, senseLength, VstorScsi.DATA_IN, dtl,
                new byte[VstorPayload.ScsiRequest.CDB_LENGTH], 0, 0, 0, 0, 0);
        byte[] head = new VstorPacket(op, 0, 0, op == VstorOperation.COMPLETE_IO || op == VstorOperation.EXECUTE_SRB
                ? srb : VstorPayload.None.INSTANCE).encode();
        byte[] b = Arrays.copyOf(head, head.length + data.length);
        System.arraycopy(data, 0, b, head.length, data.length);
        return b;
    }

    private void hostSends(int type, long tid, byte[] payload) {
        system.channel().hostOut().tryWrite(type, 0, tid, payload, 0, payload.length);
    }

    private long submitRead() {
        return ((StorvscIo.Submit.Submitted) io.submit(StorvscCommand.read10(0, 1, 512))).transId();
    }

    @Test
    void anUnknownTransIdIsDroppedAndTheRequestStillCompletesLater() {
        long tid = submitRead();
        hostSends(PacketDescriptor.TYPE_COMP, 0, completion(VstorOperation.COMPLETE_IO, 512, 0, new byte[512]));
        hostSends(PacketDescriptor.TYPE_COMP, tid + 5, completion(VstorOperation.COMPLETE_IO, 512, 0,
                new byte[512]));
        assertTrue(io.poll().isEmpty());
        assertEquals(List.of(new StorvscIoError.UnknownTransId(0), new StorvscIoError.UnknownTransId(tid + 5)),
                io.errors());
        assertEquals(1, io.outstanding());
        system.host().receiveRequest();
        List<StorvscIoCompletion> done = io.poll();
        assertEquals(tid, done.get(0).transId());
        assertTrue(done.get(0).ok());
        assertFalse(io.failed());
    }

    @Test
    void aDuplicateCompletionIsDroppedAfterTheFirstCompletedTheRequest() {
        long tid = submitRead();
        byte[] c = completion(VstorOperation.COMPLETE_IO, 512, 0, new byte[512]);
        hostSends(PacketDescriptor.TYPE_COMP, tid, c);
        hostSends(PacketDescriptor.TYPE_COMP, tid, c);
        List<StorvscIoCompletion> done = io.poll();
        assertEquals(1, done.size());
        assertTrue(done.get(0).ok());
        assertEquals(List.of(new StorvscIoError.DuplicateCompletion(tid)), io.errors());
        assertFalse(io.failed());
    }

    @Test
    void aDataTransferLengthBeyondTheRequestFailsThatRequest() {
        long tid = submitRead();
        hostSends(PacketDescriptor.TYPE_COMP, tid, completion(VstorOperation.COMPLETE_IO, 513, 0, new byte[520]));
        StorvscIoCompletion c = io.poll().get(0);
        assertEquals(new StorvscIoError.Overrun(tid, 513, 512), c.error());
        assertFalse(c.ok());
        hostSends(PacketDescriptor.TYPE_COMP, submitRead(), completion(VstorOperation.COMPLETE_IO, -1, 0,
                new byte[0]));
        assertEquals(new StorvscIoError.Overrun(tid + 1, 0xFFFF_FFFFL, 512), io.poll().get(0).error());
        assertEquals(0, io.outstanding());
        assertFalse(io.failed());
    }

    @Test
    void readDataShorterThanClaimedFailsThatRequest() {
        long tid = submitRead();
        hostSends(PacketDescriptor.TYPE_COMP, tid, completion(VstorOperation.COMPLETE_IO, 512, 0, new byte[256]));
        assertEquals(new StorvscIoError.ShortData(tid, 512, 256), io.poll().get(0).error());
    }

    @Test
    void aTruncatedCompletionFailsThatRequest() {
        long tid = submitRead();
        hostSends(PacketDescriptor.TYPE_COMP, tid, new byte[16]);
        StorvscIoCompletion c = io.poll().get(0);
        assertEquals(new StorvscIoError.BadCompletion(tid, new VstorDecodeError.Truncated(16, VstorPacket.LENGTH)),
                c.error());
        assertEquals(0, io.outstanding());
        assertFalse(io.failed());
    }

    @Test
    void aCompletionWithAnotherOperationFailsThatRequest() {
        long tid = submitRead();
        hostSends(PacketDescriptor.TYPE_COMP, tid, completion(VstorOperation.EXECUTE_SRB, 512, 0, new byte[512]));
        assertEquals(new StorvscIoError.WrongOperation(tid, "EXECUTE_SRB"), io.poll().get(0).error());
        long next = submitRead();
        byte[] bad = completion(VstorOperation.COMPLETE_IO, 0, 0, new byte[0]);
        bad[0] = 99; // no such operation
        hostSends(PacketDescriptor.TYPE_COMP, next, bad);
        assertInstanceOf(StorvscIoError.BadCompletion.class, io.poll().get(0).error());
    }

    @Test
    void aPacketThatIsNotACompletionIsDropped() {
        long tid = submitRead();
        hostSends(PacketDescriptor.TYPE_DATA_INBAND, tid, completion(VstorOperation.COMPLETE_IO, 512, 0,
                new byte[512]));
        assertTrue(io.poll().isEmpty());
        assertEquals(List.of(new StorvscIoError.UnexpectedPacketType(PacketDescriptor.TYPE_DATA_INBAND, tid)),
                io.errors());
        assertEquals(1, io.outstanding());
    }

    @Test
    void senseLongerThanTheBufferIsCutToTwentyBytes() {
        long tid = submitRead();
        byte[] c = completion(VstorOperation.COMPLETE_IO, 0, 0xFF, new byte[0]);
        c[14] = (byte) (VstorScsi.SRB_ERROR | VstorScsi.SRB_AUTOSENSE_VALID);
        c[15] = VstorScsi.SAM_CHECK_CONDITION;
        hostSends(PacketDescriptor.TYPE_COMP, tid, c);
        StorvscIoCompletion d = io.poll().get(0);
        assertEquals(VstorScsi.SENSE_BUFFER_SIZE, d.sense().length);
        assertFalse(d.ok());
    }

    @Test
    void aCorruptRingFailsTheDeviceAndEveryOutstandingRequest() {
        long a = submitRead();
        long b = submitRead();
        system.channel().inbound().storeWriteIndexRelease(3); // unaligned: no correct producer writes it
        List<StorvscIoCompletion> done = io.poll();
        assertEquals(List.of(new StorvscIoError.DeviceFailed(a), new StorvscIoError.DeviceFailed(b)),
                done.stream().map(StorvscIoCompletion::error).toList());
        assertInstanceOf(StorvscIoError.RingCorrupt.class, io.errors().get(0));
        assertTrue(io.failed());
        assertEquals(0, io.outstanding());
        assertInstanceOf(StorvscIo.Submit.Rejected.class, io.submit(StorvscCommand.testUnitReady()));
        assertTrue(io.poll().isEmpty());
    }

    @Test
    void randomCompletionsNeverThrowAndEachKnownRequestEndsExactlyOnce() {
        qt().withExamples(300).forAll(longs().all(), integers().between(0, 200)).checkAssert((seed, len) -> {
            StorvscSystem s = newSystem();
            StorvscIo g = new StorvscIo(s.guest(), s.channel(), 8);
            long tid = ((StorvscIo.Submit.Submitted) g.submit(StorvscCommand.read10(0, 1, 512))).transId();
            SplittableRandom r = new SplittableRandom(seed);
            byte[] junk = new byte[len];
            for (int i = 0; i < len; i++) {
                junk[i] = (byte) r.nextInt(256);
            }
            if (len > 8 && r.nextBoolean()) {
                junk[0] = (byte) VstorOperation.COMPLETE_IO.code(); // get past the operation check more often
                Arrays.fill(junk, 1, 8, (byte) 0);
            }
            s.channel().hostOut().tryWrite(PacketDescriptor.TYPE_COMP, 0, tid, junk, 0, junk.length);
            List<StorvscIoCompletion> done = g.poll();
            assertEquals(1, done.size());
            assertEquals(0, g.outstanding());
            StorvscIoCompletion c = done.get(0);
            assertTrue(c.error() != null || c.data().length <= 512, "accepted data beyond the request");
        });
    }
    @Test
    void overGpaDirectAnOverrunFailsTheRequestAndEveryPageComesBack() {
        GuestMemory mem = system.memory();
        int free = mem.freePages();
        StorvscIo gpa = new StorvscIo(system.guest(), system.channel(), 8, mem);
        long tid = ((StorvscIo.Submit.Submitted) gpa.submit(StorvscCommand.read10(0, 8, 512))).transId();
        long other = ((StorvscIo.Submit.Submitted) gpa.submit(StorvscCommand.read10(0, 8, 512))).transId();
        hostSends(PacketDescriptor.TYPE_COMP, tid, completion(VstorOperation.COMPLETE_IO, 4097, 0, new byte[0]));
        assertEquals(new StorvscIoError.Overrun(tid, 4097, 4096), gpa.poll().get(0).error());
        system.channel().inbound().storeWriteIndexRelease(3);
        assertEquals(new StorvscIoError.DeviceFailed(other), gpa.poll().get(0).error());
        assertEquals(free, mem.freePages());
    }

    // ---------------------------------------------------------------- issue 12: bounded work, memory and flags

    @Test
    void aCompletionWithAnyDescriptorFlagFailsTheRequestItNames() {
        for (int flags : new int[] {0x8000, 0xFFFE, 0x3, PacketDescriptor.FLAG_COMPLETION_REQUESTED}) {
            long tid = submitRead();
            byte[] c = completion(VstorOperation.COMPLETE_IO, 512, 0, new byte[512]);
            system.channel().hostOut().tryWrite(PacketDescriptor.TYPE_COMP, flags, tid, c, 0, c.length);
            StorvscIoCompletion done = io.poll().get(0);
            assertEquals(new StorvscIoError.BadFlags(tid, flags), done.error(), "flags=0x" + Integer.toHexString(flags));
            assertFalse(done.ok());
        }
        assertEquals(0, io.outstanding());
        assertFalse(io.failed(), "a flagged completion fails its request, not the device");
    }

    @Test
    void onePollReadsAtMostItsBudgetWhateverTheHostAppends() {
        byte[] c = completion(VstorOperation.COMPLETE_IO, 0, 0, new byte[0]);
        int written = 0;
        while (system.channel().hostOut().tryWrite(PacketDescriptor.TYPE_COMP, 0, 7, c, 0, c.length)
                == dev.enlightened.ring.WriteResult.Written.INSTANCE) {
            written++;
        }
        assertTrue(written > StorvscIo.DEFAULT_POLL_BUDGET, "ring too small for the test: " + written);
        io.poll();
        assertEquals(StorvscIo.DEFAULT_POLL_BUDGET, io.errorLog().total());
        io.poll(1);
        assertEquals(StorvscIo.DEFAULT_POLL_BUDGET + 1, io.errorLog().total());
    }

    @Test
    void errorRecordsStayBoundedUnderAHundredThousandUnsolicitedPackets() {
        byte[] c = completion(VstorOperation.COMPLETE_IO, 0, 0, new byte[0]);
        int bad = 100_000;
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        int sent = 0;
        while (sent < bad) {
            while (sent < bad && system.channel().hostOut().tryWrite(PacketDescriptor.TYPE_COMP, 0, 1L << 40, c, 0,
                    c.length) == dev.enlightened.ring.WriteResult.Written.INSTANCE) {
                sent++;
            }
            while (!io.poll().isEmpty() || system.channel().guestHasInput()) {
                // drain: nothing completes, every packet is an unknown trans_id
            }
        }
        System.gc();
        long grown = rt.totalMemory() - rt.freeMemory() - before;
        assertEquals(bad, io.errorLog().count(StorvscIoError.UnknownTransId.class));
        assertEquals(dev.enlightened.bounded.ErrorLog.DEFAULT_KEEP, io.errors().size());
        assertTrue(grown < 4L << 20, "heap grew by " + grown + " bytes over " + bad + " bad packets");
    }

    // ---------------------------------------------------------------- issue 12: timeouts

    @Test
    void aRequestWithoutACompletionFailsWithATimeoutAfterTheRequestTimeout() {
        dev.enlightened.clock.VirtualClock clock = new dev.enlightened.clock.VirtualClock();
        long timeout = StorvscIo.DEFAULT_REQUEST_TIMEOUT_NANOS;
        StorvscIo timed = new StorvscIo(system.guest(), system.channel(), 8, null, clock, timeout);
        long first = ((StorvscIo.Submit.Submitted) timed.submit(StorvscCommand.read10(0, 1, 512))).transId();
        clock.advanceTo(1_000);
        long second = ((StorvscIo.Submit.Submitted) timed.submit(StorvscCommand.read10(0, 1, 512))).transId();
        assertEquals(timeout, timed.nextDeadline());
        clock.advanceTo(timeout - 1);
        assertTrue(timed.poll().isEmpty(), "a request failed before its timeout");
        clock.advanceTo(timeout);
        List<StorvscIoCompletion> done = timed.poll();
        assertEquals(List.of(new StorvscIoError.Timeout(first, timeout)), done.stream().map(c -> c.error()).toList());
        assertEquals(1, timed.outstanding(), "only the request whose time ran out failed");
        assertEquals(timeout + 1_000, timed.nextDeadline());
        // The late completion of the failed request finds no request: dropped quietly (expected: the guest gave up
        // on it, StorvscIo.tla GuestDropsLateIoCompletion), the device stays up.
        int errorsBefore = timed.errors().size();
        hostSends(PacketDescriptor.TYPE_COMP, first, completion(VstorOperation.COMPLETE_IO, 512, 0, new byte[512]));
        assertTrue(timed.poll().isEmpty());
        assertEquals(List.of(first), timed.takeDroppedLate());
        assertEquals(List.of(), timed.takeDroppedLate(), "each late completion is reported once");
        assertEquals(errorsBefore, timed.errors().size(), "the expected late completion counted as an error");
        // A second completion of it is a hostile duplicate.
        hostSends(PacketDescriptor.TYPE_COMP, first, completion(VstorOperation.COMPLETE_IO, 512, 0, new byte[512]));
        assertTrue(timed.poll().isEmpty());
        assertEquals(new StorvscIoError.DuplicateCompletion(first), timed.errors().get(timed.errors().size() - 1));
        assertEquals(List.of(), timed.takeDroppedLate());
        assertFalse(timed.failed());
        clock.advanceTo(timeout + 1_000);
        assertEquals(new StorvscIoError.Timeout(second, timeout), timed.poll().get(0).error());
        assertEquals(Long.MAX_VALUE, timed.nextDeadline());
    }

    @Test
    void theGuestPagesOfATimedOutRequestAreWithheldBecauseTheHostMayStillWriteThem() {
        dev.enlightened.clock.VirtualClock clock = new dev.enlightened.clock.VirtualClock();
        GuestMemory mem = system.memory();
        int free = mem.freePages();
        StorvscIo gpa = new StorvscIo(system.guest(), system.channel(), 8, mem, clock, 1_000);
        gpa.submit(StorvscCommand.read10(0, 8, 512));
        clock.advanceTo(1_000);
        assertInstanceOf(StorvscIoError.Timeout.class, gpa.poll().get(0).error());
        assertEquals(free - 1, mem.freePages(), "the timed-out read's page went back while the host may write it");
    }
}
