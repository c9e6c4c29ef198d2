-- Applied after every `prisma migrate deploy` (src/database/migrate.ts), idempotently: Prisma's
-- migration runner splits scripts on ';' and cannot take a function body.
-- A key's sliding-window limits (rpm, tpm over the last 60 s), checked and recorded in one
-- call: the advisory lock serialises the requests of one key (across instances), so the count
-- and the insert cannot interleave. NULL limits are not checked. A request larger than the
-- whole tpm is admitted into an empty window (it could never go otherwise).
DROP FUNCTION IF EXISTS switchboard_reserve_rate(uuid, integer, integer, integer);
CREATE OR REPLACE FUNCTION switchboard_reserve_rate(p_key uuid, p_tokens bigint, p_rpm bigint, p_tpm bigint)
RETURNS TABLE (admitted boolean, used_requests bigint, used_tokens bigint, retry_after_ms integer, event_id bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_now timestamptz := clock_timestamp();
  v_requests bigint;
  v_tokens bigint;
  v_oldest timestamptz;
  v_id bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('switchboard_rate:' || p_key::text, 0));
  v_now := clock_timestamp();
  SELECT count(*)::bigint, coalesce(sum(e.tokens), 0)::bigint, min(e.at)
    INTO v_requests, v_tokens, v_oldest
    FROM key_rate_events e
   WHERE e.key_id = p_key AND e.at > v_now - interval '60 seconds';
  IF (p_rpm IS NOT NULL AND v_requests + 1 > p_rpm)
     OR (p_tpm IS NOT NULL AND v_requests > 0 AND v_tokens + p_tokens > p_tpm) THEN
    RETURN QUERY SELECT false, v_requests, v_tokens,
      greatest(1, ceil(extract(epoch FROM (v_oldest + interval '60 seconds' - v_now)) * 1000))::integer,
      NULL::bigint;
    RETURN;
  END IF;
  INSERT INTO key_rate_events (key_id, at, tokens) VALUES (p_key, v_now, p_tokens) RETURNING id INTO v_id;
  RETURN QUERY SELECT true, v_requests + 1, v_tokens + p_tokens, 0, v_id;
END
$$;
