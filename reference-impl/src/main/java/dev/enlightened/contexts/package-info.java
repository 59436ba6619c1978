/**
 * The guest's execution contexts for channel management as Linux has them (specs/channel/ExecContexts.tla): the
 * message tasklet, the connection work queue with {@code offer_in_progress}, the primary and sub-channel work queues
 * that open channels and block, and the rescind work, each an actor of the deterministic scheduler, against a
 * simulated host that may rescind at any moment. Traced for TraceExecContexts ({@code run channels --contexts}).
 */
package dev.enlightened.contexts;
