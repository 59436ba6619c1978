package dev.enlightened.explore;

import dev.enlightened.validation.engine.OnlineSession;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The explored part of a scenario's step-boundary graph, for the DFS strategy's graph search ({@link Explorer}): a
 * node per key (matched spec states, implementation digest, actor that stepped last: the state table's key, which
 * determines the future, docs/exploring.md point 1), the fewest preemptions it is known to be reached with, and per
 * option (ready actor) whether it was taken and the node it led to.
 *
 * <p>The stateless search re-executes a schedule's whole prefix from the root for every alternative, because the
 * implementation's state cannot be restored (the stepped ring's party threads are parked mid-protocol). The graph
 * search keeps the run that reached a known node going instead of cutting it: from a known node it takes an option
 * not yet taken there, or walks taken edges to the nearest node that has one; only when nothing is left forward does a
 * new run start from the root, replaying the decisions that first reached the node it heads for. So every
 * transition of the bounded space is executed once, plus the walks and the replayed prefixes.
 *
 * <p>The bound is kept per node: a node reached with p preemptions offers the options that cost at most the bound
 * minus p (a switch away from the last actor while it could go on costs one, as in the DFS). Reached later with fewer
 * preemptions, it offers more, and the decrease is carried along every taken edge to the nodes behind it
 * ({@link #improve}). So the explored space is the DFS's: every node reachable within the bound, every option within
 * it from each.
 */
final class StateGraph {
    /** One step boundary. */
    static final class Node {
        final long key;
        final int id;
        /** The decisions of the run that first reached this node: a new run replays them to get here. */
        final int[] path;
        /** The online session's position there (the replayed prefix is restored, not validated again). */
        final OnlineSession.Mark mark;
        /** Index of the actor that stepped last among the ready ones, or -1 (it cannot go on: any switch is free). */
        final int previous;
        /** Per option: taken already. */
        final boolean[] taken;
        /** Per option: the node it led to ({@link #END}: the run ended), or null. */
        final Node[] next;
        int preemptions;
        boolean pending;

        Node(long key, int id, int[] path, OnlineSession.Mark mark, int previous, int options, int preemptions) {
            this.key = key;
            this.id = id;
            this.path = path;
            this.mark = mark;
            this.previous = previous;
            this.taken = new boolean[options];
            this.next = new Node[options];
            this.preemptions = preemptions;
        }

        int cost(int option) {
            return previous >= 0 && option != previous ? 1 : 0;
        }
    }

    /** Where a run that ended went. */
    static final Node END = new Node(0, -1, new int[0], null, -1, 0, 0);

    /** One move of a walk: at {@code node}, take {@code option}. */
    record Move(Node node, int option) {
    }

    private final int bound;
    private final Map<Long, Node> nodes = new HashMap<>();
    /** Nodes with an option left within the bound: fewest preemptions first, then shortest path (cheapest to reach). */
    private final TreeSet<Node> open = new TreeSet<>(Comparator.<Node>comparingInt(n -> n.preemptions)
            .thenComparingInt(n -> n.path.length).thenComparingInt(n -> n.id));
    private long edges;
    private long mismatches;

    StateGraph(int bound) {
        this.bound = bound;
    }

    /**
     * @return the node of {@code key}, created with what the run there says if it is new; null if the key is known
     *         with other ready actors (counted as a mismatch: the caller ends the run)
     */
    Node at(long key, int[] path, OnlineSession.Mark mark, int previous, int options, int preemptions) {
        Node n = nodes.get(key);
        if (n == null) {
            n = new Node(key, nodes.size(), path, mark, previous, options, preemptions);
            nodes.put(key, n);
            refresh(n);
        } else if (n.taken.length != options || n.previous != previous) {
            // The same key with other ready actors: the key did not determine the state (a digest collision or a
            // field the digest misses). Counted and reported; the run goes on from what it found.
            mismatches++;
            return null;
        }
        return n;
    }

    /** The run took {@code option} at {@code from} and reached {@code to} (or {@link #END}). */
    void arrive(Node from, int option, Node to) {
        if (from.next[option] == null) {
            from.next[option] = to;
        } else if (from.next[option] != to) {
            mismatches++; // the same step from the same key led elsewhere: reported, must be 0
            return;
        }
        if (to != END) {
            improve(to, from.preemptions + from.cost(option));
        }
    }

    /** @return an option of {@code n} not yet taken and within the bound ({@code preferred} first), or -1 */
    int pendingOption(Node n, int preferred) {
        if (preferred >= 0 && preferred < n.taken.length && allowed(n, preferred)) {
            return preferred;
        }
        for (int o = 0; o < n.taken.length; o++) {
            if (allowed(n, o)) {
                return o;
            }
        }
        return -1;
    }

    private boolean allowed(Node n, int o) {
        return !n.taken[o] && n.preemptions + n.cost(o) <= bound;
    }

    /** Marks {@code option} of {@code n} taken (a new transition executed). */
    void take(Node n, int option) {
        n.taken[option] = true;
        edges++;
        refresh(n);
    }

    /**
     * Lowers a node's preemptions and carries the decrease along its taken edges: options it could not afford are
     * open now, and so are those of the nodes behind it.
     */
    private void improve(Node start, int p) {
        if (p >= start.preemptions) {
            return;
        }
        ArrayDeque<Node> work = new ArrayDeque<>();
        setPreemptions(start, p);
        work.add(start);
        while (!work.isEmpty()) {
            Node n = work.poll();
            for (int o = 0; o < n.next.length; o++) {
                Node m = n.next[o];
                if (m != null && m != END && n.preemptions + n.cost(o) < m.preemptions) {
                    setPreemptions(m, n.preemptions + n.cost(o));
                    work.add(m);
                }
            }
        }
    }

    private void setPreemptions(Node n, int p) {
        if (n.pending) {
            open.remove(n);
            n.pending = false;
        }
        n.preemptions = p;
        refresh(n);
    }

    private void refresh(Node n) {
        boolean any = pendingOption(n, -1) >= 0;
        if (any != n.pending) {
            if (any) {
                open.add(n);
            } else {
                open.remove(n);
            }
            n.pending = any;
        }
    }

    /**
     * @return the moves along taken edges from {@code from} to the nearest node with an option left (breadth first),
     *         or null when none is reachable from here
     */
    List<Move> walk(Node from) {
        Map<Node, Move> via = new HashMap<>();
        ArrayDeque<Node> queue = new ArrayDeque<>();
        queue.add(from);
        via.put(from, null);
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            if (n.pending && n != from) {
                List<Move> moves = new ArrayList<>();
                for (Node m = n; via.get(m) != null; m = via.get(m).node()) {
                    moves.add(via.get(m));
                }
                java.util.Collections.reverse(moves);
                return moves;
            }
            for (int o = 0; o < n.next.length; o++) {
                Node m = n.next[o];
                if (m != null && m != END && !via.containsKey(m)) {
                    via.put(m, new Move(n, o));
                    queue.add(m);
                }
            }
        }
        return null;
    }

    /** @return the open node a new run heads for (fewest preemptions, then the shortest path), or null: all explored */
    Node next() {
        return open.isEmpty() ? null : open.first();
    }

    /** @return nodes reached */
    int size() {
        return nodes.size();
    }

    /** @return transitions executed for the first time */
    long edges() {
        return edges;
    }

    /** Counts a key that did not lead where it led before (found by the caller). */
    void mismatch() {
        mismatches++;
    }

    /** @return times a known key led somewhere else than before (0 when the key determines the future) */
    long mismatches() {
        return mismatches;
    }
}
