package dev.enlightened.synic;

import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import dev.enlightened.trace.NdjsonTraceWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SynicTraceObserverTest {

    @Test
    void writesOneEventPerSpecStepWithTheSpecNamesAndParameters() throws Exception {
        StringWriter out = new StringWriter();
        SynicMessageSlot slot = new SynicMessageSlot(ByteBuffer.allocateDirect(SynicMessageDescriptor.PAGE_LENGTH),
                SynicMessageDescriptor.VMBUS_MESSAGE_SINT);
        try (NdjsonTraceWriter sink = NdjsonTraceWriter.to(out,
                SynicTraceObserver.header(2, SynicProtocol.CORRECT, -1, "SynicTraceObserverTest"))) {
            // Spec messages are numbered from 1; here sender i is message i.
            SynicTraceObserver trace = new SynicTraceObserver(sink, SynicMessage::sender);
            SynicHost host = new SynicHost(slot, 4, trace);
            SynicGuest guest = new SynicGuest(slot, host, trace);
            host.post(new SynicMessage(1, 1, new byte[0]));
            host.post(new SynicMessage(1, 2, new byte[0]));
            guest.poll();
            guest.poll();
        }
        ObjectMapper json = new ObjectMapper();
        String[] lines = out.toString().split("\n");
        JsonNode header = json.readTree(lines[0]);
        assertEquals("TraceSynicMessageSlot", header.get("spec").asText());
        assertEquals(2, header.get("constants").get("MsgCount").asInt());
        assertEquals(true, header.get("constants").get("HostSetsPendingBeforeCheck").asBoolean());

        List<String> events = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            JsonNode e = json.readTree(lines[i]);
            assertEquals(i, e.get("seq").asInt(), "seq from 1 without gaps");
            events.add(e.get("actor").asText() + " " + e.get("action").asText() + " " + e.get("params"));
        }
        assertEquals(List.of(
                "host HostSetsMessagePending {}",
                "host HostDeliversMessage {\"msg\":1}",
                "host HostSetsMessagePending {}",
                "host HostFindsSlotFull {}",
                "guest GuestReadsMessage {\"msg\":1}",
                "guest GuestClearsSlot {}",
                "guest GuestReadsMessagePending {\"pending\":true}",
                "guest GuestWritesEom {}",
                "host HostSetsMessagePending {}",
                "host HostDeliversMessage {\"msg\":2}",
                "guest GuestReadsMessage {\"msg\":2}",
                "guest GuestClearsSlot {}",
                "guest GuestReadsMessagePending {\"pending\":false}"), events);
        assertEquals("{\"slotMsg\":1,\"msgPending\":false}", json.readTree(lines[2]).get("post").toString());
    }
}
