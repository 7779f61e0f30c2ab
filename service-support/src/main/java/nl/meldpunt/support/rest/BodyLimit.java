package nl.meldpunt.support.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bodies over 64 KiB get 413 as problem+json. A declared Content-Length is refused before the
 * body is read; a chunked body is counted as it is read.
 */
@jakarta.ws.rs.ext.Provider
public class BodyLimit implements ReaderInterceptor {

    @ConfigProperty(name = "meldpunt.http.max-body-bytes", defaultValue = "65536")
    long maxBytes;

    @ServerRequestFilter(preMatching = true)
    public void checkDeclaredLength(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBytes) {
                    throw tooLarge();
                }
            } catch (NumberFormatException ignored) {
                // the HTTP layer rejects malformed lengths itself
            }
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        InputStream in = context.getInputStream();
        context.setInputStream(new FilterInputStream(in) {
            long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                count(Math.max(n, 0));
                return n;
            }

            private void count(int n) {
                read += n;
                if (read > maxBytes) {
                    throw tooLarge();
                }
            }
        });
        return context.proceed();
    }

    private ProblemException tooLarge() {
        return new ProblemException(413, "body-too-large", "Content Too Large",
                "the request body exceeds " + maxBytes + " bytes (64 KiB)",
                List.of(new Problem.FieldError("body", "larger than " + maxBytes + " bytes")));
    }
}
