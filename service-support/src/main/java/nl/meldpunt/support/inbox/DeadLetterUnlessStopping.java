package nl.meldpunt.support.inbox;

import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;

/**
 * Failure strategy {@code meldpunt-dead-letter} of every Meldpunt consumer channel: the Kafka
 * connector's dead-letter queue, except for a record that failed because the service is
 * stopping. That record is neither dead-lettered nor acknowledged, so its offset (and every
 * offset after it on the partition) stays uncommitted and the next start consumes it again.
 */
@ApplicationScoped
@Identifier(DeadLetterUnlessStopping.STRATEGY)
public class DeadLetterUnlessStopping implements KafkaFailureHandler.Factory {

    public static final String STRATEGY = "meldpunt-dead-letter";
    private static final Logger LOG = Logger.getLogger(DeadLetterUnlessStopping.class);

    @Inject
    @Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE)
    KafkaFailureHandler.Factory deadLetterQueue;

    @Inject
    EventReceiver receiver;

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx, KafkaConsumer<?, ?> consumer,
            BiConsumer<Throwable, Boolean> reportFailure) {
        KafkaFailureHandler dlq = deadLetterQueue.create(config, vertx, consumer, reportFailure);
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                if (reason instanceof EventReceiver.ServiceStopping || receiver.stopping()) {
                    LOG.debugf("left %s partition %d offset %d for redelivery: the service is stopping", record.getTopic(),
                            record.getPartition(), record.getOffset());
                    return Uni.createFrom().voidItem();
                }
                return dlq.handle(record, reason, metadata);
            }

            @Override
            public void terminate() {
                dlq.terminate();
            }
        };
    }
}
