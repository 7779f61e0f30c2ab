-- The W3C tracestate of the change's span, stored beside its traceparent (docs/operations.md "Traces").
ALTER TABLE event_log ADD COLUMN tracestate TEXT;
