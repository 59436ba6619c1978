package dev.enlightened.fuzz;

import dev.enlightened.wire.AllOffersDelivered;
import dev.enlightened.wire.ChannelMessage;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.GpadlCreated;
import dev.enlightened.wire.GpadlSplitter;
import dev.enlightened.wire.GpadlTorndown;
import dev.enlightened.wire.Guid;
import dev.enlightened.wire.OfferChannel;
import dev.enlightened.wire.OpenChannelResult;
import dev.enlightened.wire.RescindChannelOffer;
import dev.enlightened.wire.UnloadResponse;
import dev.enlightened.wire.UserData;
import dev.enlightened.wire.VersionResponse;
import dev.enlightened.wire.nvsp.NvspCodec;
import dev.enlightened.wire.nvsp.NvspMessage;
import dev.enlightened.wire.nvsp.NvspVersion;
import dev.enlightened.wire.nvsp.TransferPageSet;
import dev.enlightened.wire.rndis.PerPacketInfo;
import dev.enlightened.wire.rndis.RndisCodec;
import dev.enlightened.wire.rndis.RndisMessage;
import dev.enlightened.wire.rndis.RndisOid;
import dev.enlightened.wire.vstor.VmbusMpbArray;
import dev.enlightened.wire.vstor.VstorOperation;
import dev.enlightened.wire.vstor.VstorPacket;
import dev.enlightened.wire.vstor.VstorPayload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Writes the seed corpus under {@code src/test/resources/dev/enlightened/fuzz/}: well-formed messages from the
 * encoders (so the fuzzer starts past the type checks) and a few seeded random inputs for the targets that read
 * through a FuzzedDataProvider. The corpus is committed; rerun this after a wire change:
 * {@code java -cp reference-impl/target/classes:reference-impl/target/test-classes
 * dev.enlightened.fuzz.SeedCorpus reference-impl/src/test/resources/dev/enlightened/fuzz}.
 */
public final class SeedCorpus {
    private SeedCorpus() {
    }

    /**
     * @param args the corpus root
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        Guid type = Guid.parse("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f");
        Guid device = Guid.parse("00000000-0000-0000-0000-000000000001");
        List<ChannelMessage> host = List.of(VersionResponse.of(true, 1), VersionResponse.of(false, 0),
                new OfferChannel(type, device, 0, 0, UserData.EMPTY, 0, 0, 5, 0, false, true, 5),
                new OfferChannel(type, device, 0, 0, UserData.EMPTY, 1, 0, 6, 3, true, true, 6),
                new RescindChannelOffer(5), new AllOffersDelivered(), new GpadlCreated(5, 0xE1E10, 0),
                new OpenChannelResult(5, 5, 0), new GpadlTorndown(0xE1E10), new UnloadResponse());
        List<byte[]> hostBytes = new ArrayList<>();
        host.forEach(m -> hostBytes.add(ChannelMessageCodec.encode(m)));
        write(root, "ChannelMessageFuzzTestInputs/anyBytesDecodeToATypedResultThatRoundTrips", hostBytes);
        write(root, "ChannelMessageFuzzTestInputs/theGuestSurvivesAnySequenceOfHostMessages",
                List.of(sequence(hostBytes), random(1, 600), random(2, 2000)));

        List<byte[]> gpadl = new ArrayList<>();
        var split = GpadlSplitter.splitPages(5, 0xE1E10, LongStream.range(0x10000, 0x10040).boxed().toList());
        gpadl.add(ChannelMessageCodec.encode(split.header()));
        split.bodies().forEach(b -> gpadl.add(ChannelMessageCodec.encode(b)));
        write(root, "GpadlFuzzTestInputs/anyGpadlMessageSequenceReassemblesWithinBounds",
                List.of(sequence(gpadl), random(3, 800)));

        List<byte[]> vstor = new ArrayList<>();
        for (VstorOperation op : VstorOperation.values()) {
            try {
                vstor.add(new VstorPacket(op, 0, 0, VstorPayload.None.INSTANCE).encode());
            } catch (IllegalArgumentException needsAPayload) {
                byte[] b = new VstorPacket(VstorOperation.BEGIN_INITIALIZATION, 0, 0, VstorPayload.None.INSTANCE)
                        .encode();
                b[VstorPacket.OPERATION_OFFSET] = (byte) op.code(); // the operation with a zeroed union
                vstor.add(b);
            }
        }
        vstor.add(VstorPacket.completion(0, VstorPayload.None.INSTANCE).encode());
        write(root, "VstorFuzzTestInputs/anyBytesDecodeToATypedVstorResult", vstor);
        write(root, "VstorFuzzTestInputs/anyGpaDirectExtensionDecodesToABoundedRangeOrAReason",
                List.of(new VmbusMpbArray(512, 0, new long[] {0x1234}).encode(),
                        new VmbusMpbArray(8192, 100, new long[] {1, 2, 3}).encode(), new byte[16]));
        write(root, "VstorFuzzTestInputs/theIoPathSurvivesAnyInboundPackets", List.of(random(4, 400),
                random(5, 3000)));

        write(root, "NvspFuzzTestInputs/anyBytesDecodeToATypedNvspResult", List.of(
                NvspCodec.encode(NvspMessage.Init.of(NvspVersion.V61)),
                NvspCodec.encode(NvspMessage.SendReceiveBufferComplete.success(4096, 2)),
                NvspCodec.encode(NvspMessage.SendNdisVersion.linux(NvspVersion.V61))));

        write(root, "RndisFuzzTestInputs/anyBytesDecodeToATypedRndisResultThatRoundTrips", List.of(
                RndisCodec.encode(RndisMessage.InitializeRequest.linux(1)),
                RndisCodec.encode(new RndisMessage.InitializeComplete(1, RndisMessage.STATUS_SUCCESS, 1, 0,
                        RndisMessage.InitializeComplete.DF_CONNECTIONLESS, 0, 8, 0x4000, 3)),
                RndisCodec.encode(new RndisMessage.QueryRequest(2, RndisOid.ETH_PERMANENT_ADDRESS.number(),
                        new byte[0])),
                RndisCodec.encode(new RndisMessage.QueryComplete(2, RndisMessage.STATUS_SUCCESS,
                        new byte[] {0x00, 0x15, 0x5d, 0x00, 0x00, 0x07})),
                RndisCodec.encode(RndisMessage.SetRequest.ofU32(3, RndisOid.GEN_CURRENT_PACKET_FILTER, 0xB)),
                RndisCodec.encode(new RndisMessage.SetComplete(3, RndisMessage.STATUS_SUCCESS)),
                RndisCodec.encode(new RndisMessage.HaltRequest(4)),
                RndisCodec.encode(new RndisMessage.IndicateStatus(RndisMessage.STATUS_MEDIA_CONNECT, new byte[0])),
                RndisCodec.encode(new RndisMessage.Packet(List.of(PerPacketInfo.ofU32(PerPacketInfo.NBL_HASH_VALUE,
                        0x12345678), PerPacketInfo.ofU32(PerPacketInfo.TCPIP_CHKSUM_PKTINFO, 0)), random(10, 60)))));
        byte[] size = {0x00, 0x36, 0x00, 0x00}; // recv_buf_size 0x3600 (8 sections of 1728), little-endian
        write(root, "NetvscReceiveFuzzTestInputs/anyTransferPageHeaderDecodesToRangesInsideTheReceiveBufferOrAReason",
                List.of(concat(size, new TransferPageSet(0xCAFE, false, List.of(new TransferPageSet.Range(100, 0)))
                        .encode()), concat(size, new TransferPageSet(0xCAFE, true, List.of(
                        new TransferPageSet.Range(1728, 0), new TransferPageSet.Range(60, 1728),
                        new TransferPageSet.Range(1, 0x35FF))).encode())));
        write(root, "NetvscReceiveFuzzTestInputs/theReceivePathSurvivesAnyInboundPackets",
                List.of(random(11, 400), random(12, 2000), random(13, 6000)));

        write(root, "SynicSlotFuzzTestInputs/theGuestReadsAnySlotContentsToATypedResult",
                List.of(slot(hostBytes.get(0)), slot(hostBytes.get(2)), random(6, 1024)));
        write(root, "RingReaderFuzzTestInputs/theReaderStaysInsideTheRingAndNeverThrows",
                List.of(random(7, 300), random(8, 1200), random(9, 4000)));
    }

    /** A SynIC slot holding {@code payload}: message_type 1, payload_size, then the payload. */
    private static byte[] slot(byte[] payload) {
        byte[] s = new byte[16 + payload.length];
        s[0] = 1;
        s[4] = (byte) payload.length;
        System.arraycopy(payload, 0, s, 16, payload.length);
        return s;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Messages one after another, each after a length byte (roughly what the data provider consumes). */
    private static byte[] sequence(List<byte[]> messages) {
        List<Byte> out = new ArrayList<>();
        for (byte[] m : messages) {
            out.add((byte) m.length);
            for (byte b : m) {
                out.add(b);
            }
        }
        byte[] r = new byte[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = out.get(i);
        }
        return r;
    }

    private static byte[] random(long seed, int length) {
        byte[] b = new byte[length];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static void write(Path root, String dir, List<byte[]> inputs) throws IOException {
        Path d = root.resolve(dir);
        Files.createDirectories(d);
        for (int i = 0; i < inputs.size(); i++) {
            Files.write(d.resolve(String.format("seed-%02d", i)), inputs.get(i));
        }
    }
}
