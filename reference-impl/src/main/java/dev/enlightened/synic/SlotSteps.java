package dev.enlightened.synic;

import java.util.function.Supplier;

/**
 * How host and guest run their steps. Untraced, steps run directly and the slot protocol is lock-free. Traced,
 * each step and its observer callback run under one lock shared by both sides, so every step is atomic, as in the
 * spec, and the order of callbacks is the order of the steps (the trace's global sequence is taken inside the step).
 */
abstract class SlotSteps {

    abstract <T> T call(Supplier<T> step);

    final void run(Runnable step) {
        call(() -> {
            step.run();
            return null;
        });
    }

    static SlotSteps forObserver(SynicSlotObserver observer, SynicMessageSlot slot) {
        return observer == SynicSlotObserver.NONE ? new Direct() : new Locked(slot);
    }

    private static final class Direct extends SlotSteps {
        @Override
        <T> T call(Supplier<T> step) {
            return step.get();
        }
    }

    private static final class Locked extends SlotSteps {
        private final Object lock;

        Locked(Object lock) {
            this.lock = lock;
        }

        @Override
        <T> T call(Supplier<T> step) {
            synchronized (lock) {
                return step.get();
            }
        }
    }
}
