package dev.enlightened.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.medium.ChannelKey;
import dev.enlightened.medium.PostStatus;
import dev.enlightened.medium.Transport;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.ChannelMessage;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.DecodeResult;
import dev.enlightened.wire.GpadlCreated;
import dev.enlightened.wire.GpadlSplitter;
import dev.enlightened.wire.GpadlTeardown;
import dev.enlightened.wire.GpadlTorndown;
import dev.enlightened.wire.InitiateContact;
import dev.enlightened.wire.OfferChannel;
import dev.enlightened.wire.OpenChannel;
import dev.enlightened.wire.OpenChannelResult;
import dev.enlightened.wire.ProtocolVersion;
import dev.enlightened.wire.RelidReleased;
import dev.enlightened.wire.RequestOffers;
import dev.enlightened.wire.UserData;
import dev.enlightened.wire.VersionResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The host validates every guest message and answers as Hyper-V does around a rescind (digest 1.6). */
class SimulatedHostTest {
    private final Transport transport = new Transport();
    private SimulatedHost host;
    private final HostDevice device = HostDevice.numbered(1);

    private void guest(ChannelMessage m) {
        transport.sendToHost(ChannelMessageCodec.encode(m));
        host.handleOne();
    }

    private List<ChannelMessage> toGuest() {
        List<ChannelMessage> out = new ArrayList<>();
        while (transport.hasForGuest()) {
            out.add(((DecodeResult.Decoded) ChannelMessageCodec.decode(transport.takeForGuest().orElseThrow()))
                    .message());
        }
        return out;
    }

    private GuestMessageError lastError() {
        return host.errors().get(host.errors().size() - 1);
    }

    @BeforeEach
    void connectAndOffer() {
        host = new SimulatedHost(new HostConfig(List.of(device), 1, 0, Set.of(ProtocolVersion.WIN10_V5_2), 1, 0, 0,
                false), transport, 1, TraceSink.OFF);
        guest(InitiateContact.withSint(ProtocolVersion.WIN10_V5_2, 0, 2, 0, 0));
        assertEquals(List.of(VersionResponse.of(true, 1)), toGuest());
        guest(new RequestOffers());
        host.sendOffer(new ChannelKey(device.instance(), 0));
        host.sendAllOffersDelivered();
        assertInstanceOf(OfferChannel.class, toGuest().get(0));
    }

    private int createGpadl(int handle) {
        GpadlSplitter.splitPages(1, handle, List.of(1L, 2L, 3L, 4L)).inOrder().forEach(this::guest);
        return handle;
    }

    @Test
    void refusesAVersionOutsideItsSet() {
        SimulatedHost h = new SimulatedHost(new HostConfig(List.of(device), 1, 0, Set.of(ProtocolVersion.WIN8), 4,
                0, 0, false), transport, 1, TraceSink.OFF);
        transport.sendToHost(ChannelMessageCodec.encode(InitiateContact.withSint(ProtocolVersion.WIN10_V5_3, 0, 2,
                0, 0)));
        h.handleOne();
        assertEquals(List.of(VersionResponse.of(false, 1)), toGuest());
        assertEquals(SimulatedHost.Connection.DISCONNECTED, h.connection());
    }

    @Test
    void refusesASecondRequestOffers() {
        guest(new RequestOffers());
        assertInstanceOf(GuestMessageError.WrongConnectionState.class, lastError());
    }

    @Test
    void ignoresOpenChannelAfterRescindButAnswersGpadlHeaderAndTeardown() {
        host.rescind(1);
        toGuest();
        int handle = createGpadl(0xE1E10);
        assertEquals(List.of(new GpadlCreated(1, handle, 0)), toGuest(), "GPADL_HEADER answered after rescind");
        guest(OpenChannel.of(1, 1, handle, 0, 2, UserData.EMPTY));
        assertTrue(toGuest().isEmpty(), "OPENCHANNEL answered after rescind");
        guest(new GpadlTeardown(1, handle));
        assertEquals(List.of(new GpadlTorndown(handle)), toGuest());
    }

    @Test
    void dropsGpadlHeaderAfterRescindOnlyWithH9() {
        host = new SimulatedHost(new HostConfig(List.of(device), 1, 0, Set.of(ProtocolVersion.WIN10_V5_2), 1, 0, 0,
                true), transport, 1, TraceSink.OFF);
        guest(InitiateContact.withSint(ProtocolVersion.WIN10_V5_2, 0, 2, 0, 0));
        guest(new RequestOffers());
        host.sendOffer(new ChannelKey(device.instance(), 0));
        host.rescind(1);
        toGuest();
        createGpadl(0xE1E10);
        assertTrue(toGuest().isEmpty(), "H9 host answered");
    }

    @Test
    void opensOnlyWithACreatedRingGpadl() {
        guest(OpenChannel.of(1, 1, 0x999, 0, 2, UserData.EMPTY));
        OpenChannelResult r = (OpenChannelResult) toGuest().get(0);
        assertTrue(r.status() != 0, "open without ring GPADL succeeded");
        int handle = createGpadl(0xE1E10);
        toGuest();
        guest(OpenChannel.of(1, 1, handle, 0, 2, UserData.EMPTY));
        assertEquals(List.of(new OpenChannelResult(1, 1, 0)), toGuest());
        assertEquals(HostChannelState.OPEN, host.relidState(1).orElseThrow());
    }

    @Test
    void reusesARelidOnlyAfterRelidReleased() {
        guest(new RelidReleased(1));
        assertInstanceOf(GuestMessageError.BadRelid.class, lastError(), "release of an unrescinded relid");
        host.rescind(1);
        assertTrue(host.offerableKeys().isEmpty(), "relid pool of 1 must be exhausted until released");
        guest(new RelidReleased(1));
        assertFalse(host.relidState(1).isPresent());
        host.sendOffer(new ChannelKey(device.instance(), 0));
        assertEquals(HostChannelState.OFFERED, host.relidState(1).orElseThrow());
    }

    @Test
    void refusesATeardownOfAGpadlNotCreated() {
        guest(new GpadlTeardown(1, 0x4242));
        assertInstanceOf(GuestMessageError.BadGpadl.class, lastError());
        assertTrue(toGuest().isEmpty());
    }

    @Test
    void refusesMalformedBytes() {
        transport.sendToHost(new byte[] {3, 0, 0});
        host.handleOne();
        assertInstanceOf(GuestMessageError.Malformed.class, lastError());
    }

    /** Pads an encoded message to the full 240 bytes with bytes that are no part of it, as UEFI sends it. */
    private static byte[] fullLength(ChannelMessage m) {
        byte[] full = new byte[dev.enlightened.wire.ChannelMessageHeader.MAX_LENGTH];
        java.util.Arrays.fill(full, (byte) 0x5A);
        byte[] b = ChannelMessageCodec.encode(m);
        System.arraycopy(b, 0, full, 0, b.length);
        return full;
    }

    /**
     * openvmm vmbus_server channels.rs {@code Gpadl::append}: "some clients (e.g. UEFI) always pass the maximum
     * message length", so a GPADL_HEADER and GPADL_BODY of 240 bytes are read up to the range buffer and the GPADL
     * is created (issue 12: the simulated openvmm host rejected them).
     */
    @Test
    void createsAGpadlSentInFullLengthMessagesAsOpenvmmDoesForUefi() {
        List<Long> pfns = java.util.stream.LongStream.range(0x100, 0x100 + 30).boxed().toList();
        for (ChannelMessage m : GpadlSplitter.splitPages(1, 0xE1E10, pfns).inOrder()) {
            transport.sendToHost(fullLength(m));
            host.handleOne();
        }
        assertEquals(List.of(new GpadlCreated(1, 0xE1E10, 0)), toGuest());
        assertTrue(host.errors().isEmpty(), host.errors().toString());
    }

    /**
     * The hypervisor delivers a post only to a registered port and fails any other synchronously; openvmm's VTL0
     * server has ports 1 and 4 (vmbus_server lib.rs), whatever versions it accepts.
     */
    @Test
    void anOpenvmmHostHasPortsOneAndFourAndAPostElsewhereFailsWithInvalidConnectionId() {
        SimulatedHost h = new SimulatedHost(new HostConfig(List.of(device), 1, 0, Set.of(ProtocolVersion.WIN8), 1, 0,
                0, false), transport, 1, TraceSink.OFF);
        byte[] contact = ChannelMessageCodec.encode(InitiateContact.withSint(ProtocolVersion.WIN10_V5_2, 0, 2, 0, 0));
        assertEquals(Set.of(1, 4), transport.messagePorts());
        assertEquals(PostStatus.INVALID_CONNECTION_ID, transport.sendToHost(3, contact));
        assertFalse(transport.hasForHost(), "a failed post reached the host");
        assertEquals(PostStatus.SUCCESS, transport.sendToHost(Transport.MESSAGE_CONNECTION_ID_4, contact));
        h.handleOne();
        assertEquals(List.of(VersionResponse.of(false, 1)), toGuest(), "refused by version, not by port");
    }

    /**
     * A Hyper-V host older than 5.0 has no port on {@code VMBUS_MESSAGE_CONNECTION_ID_4}: the post of a 5.0+
     * INITIATE_CONTACT fails with {@code HV_STATUS_INVALID_CONNECTION_ID} (Linux {@code vmbus_post_msg}) and the
     * host never sees it; from 5.0 on a Hyper-V host has both ports.
     */
    @Test
    void aPreFiveZeroHyperVHostHasNoPortOnConnectionFour() {
        HostConfig pre5 = new HostConfig(List.of(device), 1, 0, Set.of(ProtocolVersion.WIN10, ProtocolVersion.WIN8_1),
                1, 0, 0, false, false, HostFlavour.HYPERV);
        SimulatedHost h = new SimulatedHost(pre5, transport, 1, TraceSink.OFF);
        assertEquals(Set.of(Transport.MESSAGE_CONNECTION_ID), pre5.messagePorts());
        byte[] contact = ChannelMessageCodec.encode(InitiateContact.withSint(ProtocolVersion.WIN10_V5_2, 0, 2, 0, 0));
        assertEquals(PostStatus.INVALID_CONNECTION_ID, transport.sendToHost(Transport.MESSAGE_CONNECTION_ID_4,
                contact));
        assertEquals(0x0012, PostStatus.INVALID_CONNECTION_ID.hvStatus(), "HV_STATUS_INVALID_CONNECTION_ID");
        assertFalse(h.canHandle());
        assertTrue(h.errors().isEmpty(), h.errors().toString());
        assertEquals(Set.of(1, 4), new HostConfig(List.of(device), 1, 0, Set.of(ProtocolVersion.WIN10_V5),
                1, 0, 0, false, false, HostFlavour.HYPERV).messagePorts(), "a 5.0 Hyper-V host");
    }

    /**
     * openvmm channels.rs: VERSION_RESPONSE's {@code selected_version_or_connection_id} is the server's child
     * connection id (1 for VTL0) from 5.0 ({@code Win10Rs3_1}), the version requested before.
     */
    @Test
    void answersMsgConnIdPerVersionAsOpenvmmDoes() {
        SimulatedHost h = new SimulatedHost(new HostConfig(List.of(device), 1, 0, Set.of(ProtocolVersion.WIN10_V4_1),
                1, 0, 0, false), transport, 1, TraceSink.OFF);
        transport.sendToHost(ChannelMessageCodec.encode(InitiateContact.withInterruptPage(ProtocolVersion.WIN10_V4_1,
                0, 0x2000, 0, 0)));
        h.handleOne();
        assertEquals(List.of(VersionResponse.of(true, ProtocolVersion.WIN10_V4_1.value())), toGuest());
        assertEquals(1, SimulatedHost.msgConnIdFor(ProtocolVersion.WIN10_V5.value()));
        assertEquals(ProtocolVersion.WIN10_V4_1.value(), SimulatedHost.msgConnIdFor(ProtocolVersion.WIN10_V4_1
                .value()));
    }

    private VersionResponse answerOf(HostFlavour flavour, ProtocolVersion accepted, InitiateContact contact) {
        SimulatedHost h = new SimulatedHost(new HostConfig(List.of(device), 1, 0, Set.of(accepted), 1, 0, 0, false,
                false, flavour), transport, 1, TraceSink.OFF);
        transport.sendToHost(ChannelMessageCodec.encode(contact));
        h.handleOne();
        List<ChannelMessage> out = toGuest();
        assertEquals(1, out.size(), out::toString);
        return (VersionResponse) out.get(0);
    }

    /**
     * Hyper-V's header (MsvmPkg ChannelMessages.h): below Win8, and on a refusal, connection_state "may be
     * uninitialized memory, cannot be consulted"; openvmm always writes SUCCESSFUL. Both write the same last field:
     * the version before 5.0.
     */
    @Test
    void leavesConnectionStateUninitializedBelowWin8AndOnARefusalAsHyperVMay() {
        InitiateContact win7 = InitiateContact.withInterruptPage(ProtocolVersion.WIN7, 0, 0x2000, 0, 0);
        VersionResponse hv = answerOf(HostFlavour.HYPERV, ProtocolVersion.WIN7, win7);
        assertEquals(HostFlavour.UNINITIALIZED_CONNECTION_STATE, hv.connectionState());
        assertTrue(hv.versionSupported());
        assertEquals(ProtocolVersion.WIN7.value(), hv.messageConnectionId());
        assertEquals(VersionResponse.of(true, ProtocolVersion.WIN7.value()),
                answerOf(HostFlavour.OPENVMM, ProtocolVersion.WIN7, win7));

        InitiateContact v53 = InitiateContact.withSint(ProtocolVersion.WIN10_V5_3, 0, 2, 0, 0);
        VersionResponse refused = answerOf(HostFlavour.HYPERV, ProtocolVersion.WIN8, v53);
        assertFalse(refused.versionSupported());
        assertEquals(HostFlavour.UNINITIALIZED_CONNECTION_STATE, refused.connectionState());
        assertEquals(VersionResponse.of(true, 1), answerOf(HostFlavour.HYPERV, ProtocolVersion.WIN10_V5_3, v53),
                "from Win8 on Hyper-V defines the state: SUCCESSFUL");
    }
}
