package io.safetyplane.enforcement.tipline;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;

/**
 * Awaits reactive work from the blocking code of the report job ({@code ReportJob} and what it calls), on a worker
 * thread: never on an event-loop thread, which must not block.
 */
final class Blocking {
    private Blocking() {
    }

    /** The item of {@code work}, run on a Vert.x context (as Hibernate Reactive needs); its failure rethrown as it is. */
    static <T> T await(Supplier<Uni<T>> work) {
        requireWorker();
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw unwrap(e);
        } catch (Throwable e) {
            throw unwrap(e);
        }
    }

    /** Refuses an event-loop thread. */
    static void requireWorker() {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("the CyberTipline report job blocks; it must not run on an event-loop thread");
        }
    }

    private static RuntimeException unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(t.getMessage(), t);
    }
}
