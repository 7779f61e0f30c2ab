package nl.meldpunt.support.inbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Writes that a consumer batch gathers while it applies its events and sends to the database
 * together at the end of the batch, inside the batch's transaction. Applying an event one
 * statement at a time costs a database round trip per row: the outbox append alone is three per
 * event. Gathered, the rows of a whole poll cost a handful of round trips, and they still commit
 * (or roll back) with the inbox records and the state changes of the same transaction.
 *
 * <p>A component asks for its {@link #buffer} while an event is applied. Outside a batch (a REST
 * call, the clock pass, a record tried alone) there is none, and the component writes at once.
 * {@link EventReceiver} opens the batch when its transaction starts and {@link #close closes}
 * it, writing every buffer, before the transaction commits. A buffer left unwritten at commit is
 * a bug, and the transaction rolls back rather than commit without those rows.
 */
@ApplicationScoped
public class ConsumerBatch {

    private static final Object KEY = ConsumerBatch.class;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** The gathered rows of one writer, and how to write them. */
    private static final class Buffer<T> {
        final List<T> items = new ArrayList<>();
        final Consumer<List<T>> writer;

        Buffer(Consumer<List<T>> writer) {
            this.writer = writer;
        }

        boolean drain() {
            if (items.isEmpty()) {
                return false;
            }
            List<T> batch = new ArrayList<>(items);
            items.clear();
            writer.accept(batch);
            return true;
        }
    }

    /** The batch of one transaction: its buffers, in the order they were first used. */
    private static final class Scope {
        final Map<Object, Buffer<?>> buffers = new LinkedHashMap<>();
        boolean closed;

        boolean pending() {
            return buffers.values().stream().anyMatch(b -> !b.items.isEmpty());
        }
    }

    /** Opens a batch in the current transaction. */
    void open() {
        Scope scope = new Scope();
        transactions.putResource(KEY, scope);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                if (!scope.closed && scope.pending()) {
                    throw new IllegalStateException("a consumer batch reached its commit with rows it never wrote");
                }
            }

            @Override
            public void afterCompletion(int status) {
            }
        });
    }

    /**
     * Writes every buffer, in the order each was first used, until none has rows left (a writer
     * may cause rows for another buffer). After this the transaction has no open batch.
     */
    void close() {
        Scope scope = current();
        if (scope == null) {
            return;
        }
        boolean wrote;
        do {
            wrote = false;
            for (Buffer<?> buffer : List.copyOf(scope.buffers.values())) {
                wrote |= buffer.drain();
            }
        } while (wrote);
        scope.closed = true;
    }

    /**
     * The buffer of {@code owner} in the batch the current transaction applies, created on first
     * use with the writer that will write it; empty when no batch is open, and the caller writes at once.
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<List<T>> buffer(Object owner, Consumer<List<T>> writer) {
        Scope scope = current();
        if (scope == null) {
            return Optional.empty();
        }
        return Optional.of(((Buffer<T>) scope.buffers.computeIfAbsent(owner, o -> new Buffer<>(writer))).items);
    }

    private Scope current() {
        if (transactions.getTransactionKey() == null) {
            return null;
        }
        Scope scope = (Scope) transactions.getResource(KEY);
        return scope == null || scope.closed ? null : scope;
    }
}
