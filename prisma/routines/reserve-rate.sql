-- Applied after every `prisma migrate deploy` (src/database/migrate.ts), idempotently: Prisma's
-- migration runner splits scripts on ';' and cannot take a function body.
--
-- A key's sliding-window limits (rpm, tpm), checked and recorded in one call. Requests are
-- counted in one-second buckets; the window is the current second and the 60 before it, so no
-- 60-second span ever holds more than the limit (the window errs by up to one second on the
-- strict side). The advisory lock serialises the requests of one key across instances: the sum
-- and the increment cannot interleave. NULL limits are not checked. A request larger than the
-- whole tpm is admitted into an empty window (it could never go otherwise). `bucket` is the
-- second the request was counted in (to settle or release it).
DROP FUNCTION IF EXISTS switchboard_reserve_rate(uuid, integer, integer, integer);
DROP FUNCTION IF EXISTS switchboard_reserve_rate(uuid, bigint, bigint, bigint);
CREATE FUNCTION switchboard_reserve_rate(p_key uuid, p_tokens bigint, p_rpm bigint, p_tpm bigint)
RETURNS TABLE (admitted boolean, used_requests bigint, used_tokens bigint, retry_after_ms integer, bucket bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_now double precision;
  v_second bigint;
  v_requests bigint;
  v_tokens bigint;
  v_oldest bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('switchboard_rate:' || p_key::text, 0));
  v_now := extract(epoch FROM clock_timestamp());
  v_second := floor(v_now)::bigint;
  SELECT coalesce(sum(b.requests), 0)::bigint, coalesce(sum(b.tokens), 0)::bigint, min(b.second)
    INTO v_requests, v_tokens, v_oldest
    FROM key_rate_buckets b
   WHERE b.key_id = p_key AND b.second > v_second - 61 AND b.requests > 0;
  IF (p_rpm IS NOT NULL AND v_requests + 1 > p_rpm)
     OR (p_tpm IS NOT NULL AND v_requests > 0 AND v_tokens + p_tokens > p_tpm) THEN
    RETURN QUERY SELECT false, v_requests, v_tokens,
      greatest(1, ceil(((v_oldest + 61) - v_now) * 1000))::integer, NULL::bigint;
    RETURN;
  END IF;
  INSERT INTO key_rate_buckets AS b (key_id, second, requests, tokens)
  VALUES (p_key, v_second, 1, p_tokens)
  ON CONFLICT (key_id, second)
  DO UPDATE SET requests = b.requests + 1, tokens = b.tokens + EXCLUDED.tokens;
  RETURN QUERY SELECT true, v_requests + 1, v_tokens + p_tokens, 0, v_second;
END
$$;
