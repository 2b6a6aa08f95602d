package io.safetyplane.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.function.Executable;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;

/** Assertions for the services' gRPC errors, a collector for streamed responses, and the stop of in-test fake servers. */
public final class GrpcTesting {

    private GrpcTesting() {
    }

    /** Asserts that {@code call} fails with {@code code}, a description starting with the problem type and an ErrorInfo naming it. */
    public static StatusRuntimeException expect(Status.Code code, String type, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(e.getStatus().getDescription().startsWith(type + ": "), e.getStatus().getDescription());
        assertEquals(type, errorInfo(e).getMetadataOrThrow("type"));
        return e;
    }

    /** The one {@code google.rpc.ErrorInfo} the status carries. */
    public static ErrorInfo errorInfo(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertTrue(status != null && status.getDetailsCount() == 1, "the status carries an ErrorInfo");
        try {
            return status.getDetails(0).unpack(ErrorInfo.class);
        } catch (InvalidProtocolBufferException ex) {
            throw new AssertionError(ex);
        }
    }

    /** Collects the responses of a server stream. */
    public static final class Responses<T> implements StreamObserver<T> {
        private final List<T> items = new ArrayList<>();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Throwable failure;

        @Override
        public void onNext(T item) {
            synchronized (items) {
                items.add(item);
            }
        }

        @Override
        public void onError(Throwable t) {
            failure = t;
            done.countDown();
        }

        @Override
        public void onCompleted() {
            done.countDown();
        }

        /** Waits for the stream to complete without an error and returns every response in order. */
        public List<T> await(long seconds) throws InterruptedException {
            assertTrue(done.await(seconds, TimeUnit.SECONDS), "the stream completed");
            assertNull(failure);
            synchronized (items) {
                return List.copyOf(items);
            }
        }
    }

    /** Stops in-test gRPC servers (the fakes of downstream services), waiting a little for calls in flight. */
    public static void stop(Iterable<io.grpc.Server> servers) {
        for (io.grpc.Server s : servers) {
            if (s == null) {
                continue;
            }
            s.shutdownNow();
            try {
                s.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
