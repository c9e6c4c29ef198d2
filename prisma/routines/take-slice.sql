-- A slice of a target quota for one instance to spend locally (leasing). Grants what one
-- request needs plus, while plenty is left, up to 1/16 of what remains (at most p_max_*), so
-- leases shrink as the quota runs out and the last units go one request at a time. Counted at
-- once as used: the counter never exceeds the limit, whatever the instances do with their
-- slices. Nothing when even one request's need does not fit. NULL limit = unlimited (then only
-- the need is taken, to keep the count).
CREATE OR REPLACE FUNCTION switchboard_take_slice(
  p_scope text, p_period timestamptz,
  p_need_requests bigint, p_need_tokens bigint,
  p_max_requests bigint, p_max_tokens bigint,
  p_limit_requests bigint, p_limit_tokens bigint)
RETURNS TABLE (granted_requests bigint, granted_tokens bigint, used_requests bigint, used_tokens bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_requests bigint;
  v_tokens bigint;
  v_slice_requests bigint;
  v_slice_tokens bigint;
BEGIN
  INSERT INTO quota_counters (scope, period_start) VALUES (p_scope, p_period)
  ON CONFLICT (scope, period_start) DO NOTHING;
  SELECT c.requests, c.tokens INTO v_requests, v_tokens
    FROM quota_counters c WHERE c.scope = p_scope AND c.period_start = p_period FOR UPDATE;
  IF (p_limit_requests IS NOT NULL AND v_requests + p_need_requests > p_limit_requests)
     OR (p_limit_tokens IS NOT NULL AND v_tokens + p_need_tokens > p_limit_tokens) THEN
    RETURN QUERY SELECT 0::bigint, 0::bigint, v_requests, v_tokens;
    RETURN;
  END IF;
  v_slice_requests := CASE WHEN p_limit_requests IS NULL THEN p_need_requests
    ELSE greatest(p_need_requests, least(p_max_requests, (p_limit_requests - v_requests) / 16)) END;
  v_slice_tokens := CASE WHEN p_limit_tokens IS NULL THEN p_need_tokens
    ELSE greatest(p_need_tokens, least(p_max_tokens, (p_limit_tokens - v_tokens) / 16)) END;
  UPDATE quota_counters c
     SET requests = c.requests + v_slice_requests, tokens = c.tokens + v_slice_tokens,
         updated_at = now()
   WHERE c.scope = p_scope AND c.period_start = p_period;
  RETURN QUERY SELECT v_slice_requests, v_slice_tokens,
    v_requests + v_slice_requests, v_tokens + v_slice_tokens;
END
$$;
