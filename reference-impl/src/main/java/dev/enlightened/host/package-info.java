/**
 * The simulated VMBus host (vmbus-protocol digest 1.2-1.11, openvmm {@code vmbus_server} as the model): a
 * configurable device set and version set, relid allocation with reuse only after RELID_RELEASED, GPADL
 * reassembly, open and close, rescind and hot-add at any moment, sub-channel offers, unload. It validates every
 * guest message (the guest is untrusted too) and answers as Hyper-V does after a rescind: OPENCHANNEL ignored,
 * GPADL_HEADER and GPADL_TEARDOWN still answered. Each step emits the trace event of its spec action.
 */
package dev.enlightened.host;
