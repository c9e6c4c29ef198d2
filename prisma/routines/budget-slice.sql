-- A slice of a key's budget for one instance to spend locally (leasing; see take-slice.sql for
-- target quotas). Granted while something is left (spent < limit) and the request's estimated
-- cost fits (spent + need ≤ limit): the need plus, while plenty is left, up to 1/16 of what
-- remains (at most p_max), in whole multiples of the need. Counted at once as spent, with one
-- request: the counter never exceeds the limit, whatever the instances do with their slices.
-- Refused: granted_usd is NULL and nothing is counted.
CREATE OR REPLACE FUNCTION switchboard_take_budget(
  p_scope text, p_period timestamptz, p_need numeric, p_max numeric, p_limit numeric)
RETURNS TABLE (granted_usd numeric, spent_usd numeric)
LANGUAGE plpgsql AS $$
DECLARE
  v_spent numeric;
  v_slice numeric;
BEGIN
  INSERT INTO quota_counters (scope, period_start) VALUES (p_scope, p_period)
  ON CONFLICT (scope, period_start) DO NOTHING;
  SELECT c.cost_usd INTO v_spent
    FROM quota_counters c WHERE c.scope = p_scope AND c.period_start = p_period FOR UPDATE;
  IF v_spent >= p_limit OR v_spent + p_need > p_limit THEN
    RETURN QUERY SELECT NULL::numeric, v_spent;
    RETURN;
  END IF;
  v_slice := least(p_max, trunc((p_limit - v_spent) / 16, 10));
  -- Whole requests of this size: a lease's remainder is never a fraction of a request that no
  -- request could use (requests of one key tend to be estimated alike).
  IF p_need > 0 THEN
    v_slice := p_need * floor(v_slice / p_need);
  END IF;
  v_slice := greatest(p_need, v_slice);
  UPDATE quota_counters c
     SET requests = c.requests + 1, cost_usd = c.cost_usd + v_slice, updated_at = now()
   WHERE c.scope = p_scope AND c.period_start = p_period;
  RETURN QUERY SELECT v_slice, v_spent + v_slice;
END
$$;
