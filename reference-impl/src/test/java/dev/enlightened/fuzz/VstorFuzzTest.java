package dev.enlightened.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.enlightened.ring.ChannelRings;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.WriteResult;
import dev.enlightened.storvsc.GuestPc;
import dev.enlightened.storvsc.StorvscCommand;
import dev.enlightened.storvsc.StorvscGuest;
import dev.enlightened.storvsc.StorvscIo;
import dev.enlightened.storvsc.StorvscIoCompletion;
import dev.enlightened.storvsc.scenario.StorvscRunner;
import dev.enlightened.storvsc.scenario.StorvscScenario;
import dev.enlightened.storvsc.scenario.StorvscSystem;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.vstor.VmbusMpbArray;
import dev.enlightened.wire.vstor.VstorCodec;
import dev.enlightened.wire.vstor.VstorMember;
import java.util.List;

/** vstor packets: the decoders, the GPA_DIRECT range decoder, and the storvsc guest's I/O completion path. */
class VstorFuzzTest {
    private static final int MAX_PACKETS = 32;

    @FuzzTest
    void anyBytesDecodeToATypedVstorResult(byte[] bytes) {
        FuzzRules.holds(bytes.length, () -> VstorCodec.decodeRequest(bytes, 0, bytes.length));
        for (VstorMember m : VstorMember.values()) {
            FuzzRules.holds(bytes.length, () -> VstorCodec.decodeCompletion(bytes, 0, bytes.length, m));
        }
    }

    /** GPA ranges (vmbus_packet_mpb_array): any extension decodes to a range within the packet, or a reason. */
    @FuzzTest
    void anyGpaDirectExtensionDecodesToABoundedRangeOrAReason(byte[] ext) {
        String[] why = new String[1];
        VmbusMpbArray a = FuzzRules.holds(ext.length, () -> VmbusMpbArray.decode(ext, why));
        if (a == null && why[0] == null) {
            throw new AssertionError("refused without a reason");
        }
        if (a != null && 8L * a.pfns().length > ext.length) {
            throw new AssertionError("more PFNs than the extension holds: pfns=" + a.pfns().length + " ext="
                    + ext.length);
        }
    }

    /**
     * A guest whose storvsc handshake with the simulated host succeeded, made once per JVM: the I/O path reads
     * nothing of the guest but that it is READY ({@link StorvscIo}'s constructor), so each input gets this guest
     * and a fresh channel, as {@link StorvscSystem#openIoChannels} gives each sub-channel fresh rings after the
     * handshake. Running the handshake for every input held the target to 547-1,553 inputs a second.
     */
    private static final StorvscGuest READY = handshake();

    private static StorvscGuest handshake() {
        StorvscSystem s = new StorvscSystem(StorvscScenario.basic(1), TraceSink.OFF);
        StorvscRunner.run(s, TraceSink.OFF);
        if (s.guest().pc() != GuestPc.READY) {
            throw new AssertionError("the handshake with the simulated host did not succeed: " + s.guest().pc());
        }
        return s.guest();
    }

    /**
     * The guest's I/O path with requests outstanding takes any packets: each request ends at most once, nothing
     * escapes, and records stay bounded.
     */
    @FuzzTest
    void theIoPathSurvivesAnyInboundPackets(FuzzedDataProvider data) {
        ChannelRings channel = ChannelRings.create(StorvscIo.IO_RING_BYTES);
        StorvscIo io = new StorvscIo(READY, channel, 8);
        if (io.failed()) {
            throw new AssertionError("the I/O path refused a guest whose handshake succeeded");
        }
        for (int i = 0; i < 4; i++) {
            io.submit(StorvscCommand.read10(0, 1, 512));
        }
        long firstTid = StorvscIo.FIRST_TID;
        java.util.Set<Long> ended = new java.util.HashSet<>();
        for (int i = 0; i < MAX_PACKETS && data.remainingBytes() > 0; i++) {
            int type = data.pickValue(new int[] {PacketDescriptor.TYPE_COMP, PacketDescriptor.TYPE_DATA_INBAND,
                data.consumeInt(0, 0xFFFF)});
            int flags = data.consumeBoolean() ? 0 : data.consumeInt(0, 0xFFFF);
            long tid = data.consumeBoolean() ? firstTid + data.consumeInt(0, 5) : data.consumeLong();
            byte[] payload = data.consumeBytes(data.consumeInt(0, 700));
            WriteResult w = channel.hostOut().tryWrite(type, flags, tid, payload, 0, payload.length);
            if (w != WriteResult.Written.INSTANCE) {
                continue;
            }
            List<StorvscIoCompletion> done = FuzzRules.holds(payload.length, () -> io.poll());
            for (StorvscIoCompletion c : done) {
                if (!ended.add(c.transId())) {
                    throw new AssertionError("request ended twice: trans_id=" + c.transId());
                }
            }
        }
        if (io.errors().size() > dev.enlightened.bounded.ErrorLog.DEFAULT_KEEP) {
            throw new AssertionError("error records unbounded: " + io.errors().size());
        }
    }
}
