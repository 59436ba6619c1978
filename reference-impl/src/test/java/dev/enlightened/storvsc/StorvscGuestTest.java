package dev.enlightened.storvsc;

import dev.enlightened.ring.ChannelRings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.WriteResult;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.vstor.VstorDecodeError;
import dev.enlightened.wire.vstor.VstorOperation;
import dev.enlightened.wire.vstor.VstorPacket;
import dev.enlightened.wire.vstor.VstorPayload;
import dev.enlightened.wire.vstor.VstorStatus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The guest against a hostile host: every bad completion or offer becomes a typed {@link StorvscError} and marks
 * the device Failed, with no exception; and against a correct host it reaches Ready with the newest common version.
 */
class StorvscGuestTest {
    private final ChannelRings channel = ChannelRings.create(StorvscGuest.HANDSHAKE_RING_BYTES, isolated());
    private final StorvscGuest guest = new StorvscGuest(
            new StorvscGuestConfig(StorvscGuestConfig.LINUX_VERSIONS, StorvscGuestConfig.WIN8, 3, false), channel,
            TraceSink.OFF);

    /** @return true to read the ring as an isolated guest does; {@link StorvscGuestIsolatedTest} says true */
    boolean isolated() {
        return false;
    }

    @org.junit.jupiter.api.BeforeEach
    void theRingIsReadInThisClassesMode() {
        assertEquals(isolated(), channel.isolated());
    }

    /** The host side writes raw bytes into the inbound ring, as a hostile host can. */
    private void hostWrites(int type, long transId, byte[] payload) {
        assertEquals(WriteResult.Written.INSTANCE,
                channel.hostOut().tryWrite(type, 0, transId, payload, 0, payload.length));
    }

    private void hostCompletes(long transId, int status) {
        hostWrites(PacketDescriptor.TYPE_COMP, transId,
                VstorPacket.completion(status, VstorPayload.None.INSTANCE).encode());
    }

    private void assertFailedWith(StorvscError expected) {
        assertEquals(GuestPc.FAILED, guest.pc());
        assertEquals(List.of(expected), guest.errors());
    }

    @Test
    void aRefusedBeginFailsTheDeviceWithTheStatus() {
        guest.sendBeginInitialization();
        hostCompletes(1, VstorStatus.INVALID_DEVICE_STATE);
        guest.receiveCompletion();
        assertFailedWith(new StorvscError.Refused("AwaitBegin", VstorStatus.INVALID_DEVICE_STATE));
    }

    @Test
    void aCompletionForAnotherTransIdFailsTheDevice() {
        guest.sendBeginInitialization();
        hostCompletes(7, VstorStatus.SUCCESS);
        guest.receiveCompletion();
        assertFailedWith(new StorvscError.WrongTransId(7, 1));
    }

    @Test
    void anUnsolicitedCompletionFailsTheDevice() {
        hostCompletes(1, VstorStatus.SUCCESS);
        assertTrue(channel.guestHasInput());
        guest.receiveCompletion();
        assertFailedWith(new StorvscError.WrongTransId(1, -1));
    }

    @Test
    void aTruncatedCompletionIsATypedError() {
        guest.sendBeginInitialization();
        hostWrites(PacketDescriptor.TYPE_COMP, 1, new byte[40]);
        guest.receiveCompletion();
        assertFailedWith(new StorvscError.BadPacket(new VstorDecodeError.Truncated(40, 64)));
    }

    @Test
    void anInbandPacketInsteadOfACompletionFailsTheDevice() {
        guest.sendBeginInitialization();
        hostWrites(PacketDescriptor.TYPE_DATA_INBAND, 1,
                VstorPacket.completion(VstorStatus.SUCCESS, VstorPayload.None.INSTANCE).encode());
        guest.receiveCompletion();
        assertFailedWith(new StorvscError.UnexpectedPacket("type=6 expected=11"));
    }

    @Test
    void aCompletionThatIsNotCompleteIoFailsTheDevice() {
        guest.sendBeginInitialization();
        hostWrites(PacketDescriptor.TYPE_COMP, 1,
                VstorPacket.request(VstorOperation.ENUMERATE_BUS, VstorPayload.None.INSTANCE).encode());
        guest.receiveCompletion();
        assertFailedWith(new StorvscError.UnexpectedPacket("operation=ENUMERATE_BUS expected=COMPLETE_IO"));
    }

    /** Runs the handshake against a correct host that speaks only WIN8: two REVISION_MISMATCHes, then WIN8. */
    private StorvscHost handshake(int maxSub) {
        StorvscHost host = StorvscHost.withOwnQueue(new StorvscHostConfig(Set.of(0x0501), 0x0501, maxSub, 0, 1),
                channel, TraceSink.OFF);
        for (int i = 0; i < 50 && !guest.pc().done(); i++) {
            if (guest.canStep()) {
                if (guest.pc() == GuestPc.START) {
                    guest.sendBeginInitialization();
                } else {
                    guest.receiveCompletion();
                }
            } else if (host.canStep()) {
                host.receiveRequest();
            }
        }
        return host;
    }

    @Test
    void aCorrectHostLeadsToReadyWithTheNewestCommonVersion() {
        StorvscHost host = handshake(2);
        assertEquals(GuestPc.READY, guest.pc());
        assertEquals(0x0501, guest.version());
        assertEquals(2, guest.requested());
        assertEquals(List.of(1, 2), List.copyOf(host.offers()));
        for (int i : host.offers()) {
            guest.processOffer(i);
        }
        while (guest.hasPendingOpen()) {
            guest.openSubChannel();
        }
        assertEquals(Map.of(1, 1, 2, 1), guest.opens());
        assertEquals(List.of(), guest.errors());
    }

    /** hv_sub_chan runs queued opens in any order: the chooser's WORK_ORDER pick runs sub-channel 2 before 1. */
    @Test
    void queuedOpensRunInTheOrderTheChooserPicks() {
        StorvscHost host = handshake(2);
        for (int i : host.offers()) {
            guest.processOffer(i);
        }
        List<dev.enlightened.sim.ChoiceKind> asked = new java.util.ArrayList<>();
        guest.chooseOpenOrderWith((kind, options) -> {
            asked.add(kind);
            assertEquals(2, options, "two opens queued");
            return 1;
        });
        guest.openSubChannel();
        assertEquals(Map.of(2, 1), guest.opens(), "the second queued open ran first");
        guest.openSubChannel();
        assertEquals(Map.of(1, 1, 2, 1), guest.opens());
        assertEquals(List.of(dev.enlightened.sim.ChoiceKind.WORK_ORDER), asked, "one open left: no choice");
    }

    @Test
    void anOfferBeyondTheGrantedCountFailsTheDevice() {
        handshake(2);
        guest.processOffer(3);
        assertFailedWith(new StorvscError.UnexpectedOffer(3, 2, "outside"));
        assertEquals(Map.of(), guest.opens());
    }

    @Test
    void aDuplicateOfferFailsTheDevice() {
        handshake(2);
        guest.processOffer(1);
        guest.processOffer(1);
        assertFailedWith(new StorvscError.UnexpectedOffer(1, 2, "duplicate"));
    }

    @Test
    void anOfferBeforeAnySubChannelRequestFailsTheDevice() {
        guest.processOffer(1);
        assertFailedWith(new StorvscError.UnexpectedOffer(1, 0, "outside"));
    }

    @Test
    void aCorruptInboundRingIsATypedError() {
        guest.sendBeginInitialization();
        channel.inbound().storeWriteIndexRelease(3); // unaligned: no correct producer writes it
        assertTrue(guest.canStep());
        guest.receiveCompletion();
        assertEquals(GuestPc.FAILED, guest.pc());
        assertTrue(guest.errors().get(0) instanceof StorvscError.RingCorrupt, guest.errors().toString());
    }

    @Test
    void randomCompletionBytesNeverThrowAndEitherFailOrAdvance() {
        Gen<Byte> anyByte = Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0);
        qt().withExamples(5_000).forAll(Generate.byteArrays(integers().between(0, 96), anyByte),
                integers().between(0, 3), integers().between(0, 2)).checkAssert((bytes, tid, status) -> {
                    if (bytes.length >= 12) {
                        // Often a well-formed COMPLETE_IO header, so that the state machine runs on noise too.
                        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1).putInt(4, 0)
                                .putInt(8, status == 0 ? 0 : VstorStatus.REVISION_MISMATCH);
                    }
                    ChannelRings ch = ChannelRings.create(StorvscGuest.HANDSHAKE_RING_BYTES, isolated());
                    StorvscGuest g = new StorvscGuest(new StorvscGuestConfig(StorvscGuestConfig.LINUX_VERSIONS,
                            StorvscGuestConfig.WIN8, 3, false), ch, TraceSink.OFF);
                    g.sendBeginInitialization();
                    ch.hostOut().tryWrite(PacketDescriptor.TYPE_COMP, 0, tid, bytes, 0, bytes.length);
                    g.receiveCompletion();
                    boolean advanced = g.pc() == GuestPc.AWAIT_VERSION;
                    assertTrue(advanced || g.pc() == GuestPc.FAILED, g.pc().toString());
                    assertEquals(advanced ? 0 : 1, g.errors().size(), g.errors().toString());
                });
    }
}
