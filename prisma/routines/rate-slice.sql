-- Applied after every `prisma migrate deploy` (src/database/migrate.ts), idempotently: Prisma's
-- migration runner splits scripts on ';' and cannot take a function body.
--
-- A slice of a key's sliding-window limits (rpm, tpm) for one instance to spend locally within
-- the current second (leasing). Requests are counted in one-second buckets; the window is the
-- current second and the 60 before it, so no 60-second span ever holds more than the limit (the
-- window errs by up to one second on the strict side). The slice is counted at once in the
-- current second's bucket: one request and the need, plus, while plenty is left, up to 1/16 of
-- what the window has left (at most p_max_*), so the last units go one request at a time. It may
-- be spent only until the second ends (bucket_left_ms from now); what is left goes back into the
-- same bucket. The advisory lock serialises the slices of one key across instances: the sum and
-- the increment cannot interleave. NULL limits are not checked (then only the need is counted).
-- A request larger than the whole tpm is admitted into an empty window (it could never go
-- otherwise). Refused: nothing is counted, and retry_after_ms says when the oldest counted
-- second leaves the window.
-- The previous per-request routine (switchboard_reserve_rate) is no longer called; it is left in
-- databases that have it, so instances of the previous release keep working during a rollout.
CREATE OR REPLACE FUNCTION switchboard_take_rate(
  p_key uuid, p_need_tokens bigint, p_max_requests bigint, p_max_tokens bigint,
  p_rpm bigint, p_tpm bigint)
RETURNS TABLE (granted_requests bigint, granted_tokens bigint, used_requests bigint,
               used_tokens bigint, retry_after_ms integer, bucket bigint, bucket_left_ms integer)
LANGUAGE plpgsql AS $$
DECLARE
  v_now double precision;
  v_second bigint;
  v_requests bigint;
  v_tokens bigint;
  v_oldest bigint;
  v_slice_requests bigint;
  v_slice_tokens bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('switchboard_rate:' || p_key::text, 0));
  v_now := extract(epoch FROM clock_timestamp());
  v_second := floor(v_now)::bigint;
  SELECT coalesce(sum(b.requests), 0)::bigint, coalesce(sum(b.tokens), 0)::bigint, min(b.second)
    INTO v_requests, v_tokens, v_oldest
    FROM key_rate_buckets b
   WHERE b.key_id = p_key AND b.second > v_second - 61 AND b.requests > 0;
  IF (p_rpm IS NOT NULL AND v_requests + 1 > p_rpm)
     OR (p_tpm IS NOT NULL AND v_requests > 0 AND v_tokens + p_need_tokens > p_tpm) THEN
    RETURN QUERY SELECT 0::bigint, 0::bigint, v_requests, v_tokens,
      greatest(1, ceil(((v_oldest + 61) - v_now) * 1000))::integer, NULL::bigint, 0;
    RETURN;
  END IF;
  v_slice_requests := CASE WHEN p_rpm IS NULL THEN 1
    ELSE greatest(1, least(p_max_requests, (p_rpm - v_requests) / 16)) END;
  v_slice_tokens := CASE WHEN p_tpm IS NULL THEN p_need_tokens
    ELSE greatest(p_need_tokens, least(p_max_tokens, (p_tpm - v_tokens) / 16)) END;
  INSERT INTO key_rate_buckets AS b (key_id, second, requests, tokens)
  VALUES (p_key, v_second, v_slice_requests, v_slice_tokens)
  ON CONFLICT (key_id, second)
  DO UPDATE SET requests = b.requests + EXCLUDED.requests, tokens = b.tokens + EXCLUDED.tokens;
  RETURN QUERY SELECT v_slice_requests, v_slice_tokens, v_requests + v_slice_requests,
    v_tokens + v_slice_tokens, 0, v_second,
    greatest(0, floor(((v_second + 1) - v_now) * 1000))::integer;
END
$$;
