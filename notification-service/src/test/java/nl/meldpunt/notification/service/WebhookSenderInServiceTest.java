package nl.meldpunt.notification.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;
import nl.meldpunt.notification.config.WebhookConfig;
import nl.meldpunt.notification.domain.webhook.DeliveryOutcome;
import nl.meldpunt.notification.domain.webhook.WebhookSignature;
import nl.meldpunt.notification.domain.webhook.WebhookUrlPolicy.Network;

/** The sender as the service builds it: configured by application.properties, in the test profile. */
@QuarkusTest
class WebhookSenderInServiceTest {

    @Inject
    WebhookSender sender;

    @Inject
    WebhookConfig config;

    @Test
    void theTestProfileAllowsLoopbackReceiversWithATwoSecondTimeout() throws IOException {
        assertEquals(Duration.ofSeconds(2), config.timeout());
        assertEquals(Network.LOOPBACK_ALLOWED, config.network());

        List<String> ids = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            ids.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.sendResponseHeaders(204, -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.flush();
            }
        });
        receiver.start();
        try {
            DeliveryOutcome outcome = sender.send("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                    List.of(WebhookSignature.newSecret()), "msg_in_service", Instant.now(),
                    "{}".getBytes(StandardCharsets.UTF_8));

            assertEquals(DeliveryOutcome.Result.DELIVERED, outcome.result(), String.valueOf(outcome.error()));
            assertEquals(List.of("msg_in_service"), ids);
        } finally {
            receiver.stop(0);
        }
    }
}
