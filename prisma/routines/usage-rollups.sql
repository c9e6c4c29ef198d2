-- The hourly and daily usage rollups (table usage_rollups) that GET /usage/timeseries reads
-- instead of every row: functions for the log-scale histograms, the triggers that keep the
-- rollups equal to usage_records on every insert and delete, and a one-time backfill.

-- Histogram bins of a duration in ms: bin 1 holds 0 (and anything below 1 ms), bin k ≥ 2
-- holds [1.2^(k-2), 1.2^(k-1)), the last bin (72) everything from 1.2^70 (≈ 350,000) up.
CREATE OR REPLACE FUNCTION switchboard_usage_bin(v integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN v IS NULL THEN NULL WHEN v < 1 THEN 1
    ELSE least(72, 2 + floor(ln(v) / ln(1.2))::integer) END
$$;

-- The value at fraction `frac` (0..1) through bin `bin`, linearly interpolated, rounded to 1 ms.
CREATE OR REPLACE FUNCTION switchboard_usage_bin_value(bin integer, frac float8) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN bin <= 1 THEN 0::float8
    WHEN bin >= 72 THEN round(power(1.2, 70))::float8
    ELSE round(power(1.2, bin - 2) + (power(1.2, bin - 1) - power(1.2, bin - 2)) * frac)::float8
  END
$$;

-- The p50 and p95 of a histogram given as its used bins (ascending) and their counts: the bin
-- where each rank falls, interpolated within it; {NULL, NULL} for an empty histogram. One pass.
CREATE OR REPLACE FUNCTION switchboard_usage_p50_p95(bins integer[], counts float8[])
RETURNS float8[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  total float8 := 0;
  upto float8 := 0;
  c float8;
  r50 float8;
  r95 float8;
  p50 float8;
BEGIN
  FOREACH c IN ARRAY counts LOOP
    total := total + c;
  END LOOP;
  IF total <= 0 THEN
    RETURN ARRAY[NULL, NULL]::float8[];
  END IF;
  r50 := 0.5 * total;
  r95 := 0.95 * total;
  FOR i IN 1 .. array_length(bins, 1) LOOP
    c := counts[i];
    IF c > 0 THEN
      IF p50 IS NULL AND upto + c >= r50 THEN
        p50 := switchboard_usage_bin_value(bins[i], (r50 - upto) / c);
      END IF;
      IF upto + c >= r95 THEN
        RETURN ARRAY[p50, switchboard_usage_bin_value(bins[i], (r95 - upto) / c)];
      END IF;
      upto := upto + c;
    END IF;
  END LOOP;
  RETURN ARRAY[p50, NULL];
END
$$;

-- The histogram of some durations (NULLs left out): counts per bin, as an array whose
-- subscripts are the bin numbers and that spans only the bins from the first to the last one
-- used ('{}' for none), so that reading it touches few elements.
CREATE OR REPLACE FUNCTION switchboard_usage_histogram(vs integer[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  r integer[];
  v integer;
  b integer;
BEGIN
  -- Assigning past the end grows the array (the gap is NULLs, made 0 below); no queries here,
  -- as this runs for every group of every insert.
  FOREACH v IN ARRAY vs LOOP
    CONTINUE WHEN v IS NULL;
    b := CASE WHEN v < 1 THEN 1 ELSE least(72, 2 + floor(ln(v) / ln(1.2))::integer) END;
    IF r IS NULL THEN
      r := array_fill(1, ARRAY[1], ARRAY[b]);
    ELSE
      r[b] := coalesce(r[b], 0) + 1;
    END IF;
  END LOOP;
  IF r IS NULL THEN
    RETURN '{}';
  END IF;
  FOR i IN array_lower(r, 1) .. array_upper(r, 1) LOOP
    IF r[i] IS NULL THEN
      r[i] := 0;
    END IF;
  END LOOP;
  RETURN r;
END
$$;

-- a + sign × b, bin by bin; the result spans the bins of both.
CREATE OR REPLACE FUNCTION switchboard_usage_histogram_add(a integer[], b integer[], sign integer)
RETURNS integer[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  r integer[];
  lo integer;
  hi integer;
BEGIN
  IF array_lower(b, 1) IS NULL THEN
    RETURN a;
  END IF;
  lo := least(array_lower(a, 1), array_lower(b, 1));
  hi := greatest(array_upper(a, 1), array_upper(b, 1));
  IF lo = array_lower(a, 1) AND hi = array_upper(a, 1) THEN
    r := a;
  ELSE
    r := array_fill(0, ARRAY[hi - lo + 1], ARRAY[lo]);
    FOR i IN coalesce(array_lower(a, 1), 1) .. coalesce(array_upper(a, 1), 0) LOOP
      r[i] := a[i];
    END LOOP;
  END IF;
  FOR i IN array_lower(b, 1) .. array_upper(b, 1) LOOP
    r[i] := r[i] + sign * b[i];
  END LOOP;
  RETURN r;
END
$$;

-- Add the rows of an INSERT statement to both rollup sizes. The upserts run in the order of the
-- key, so writers inserting at the same time lock rollup rows in one order (no deadlock).
CREATE OR REPLACE FUNCTION switchboard_usage_rollups_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_rollups AS r (size, start, model, provider, key_id, key_name, status, stream,
    requests, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_hist, ttft_hist)
  SELECT s.size, date_trunc(s.size, n.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
    n.model, coalesce(n.provider, ''),
    coalesce(n.key_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(n.key_name, ''),
    n.status, n.stream, count(*), sum(n.prompt_tokens), sum(n.completion_tokens),
    sum(n.cached_tokens), sum(n.cost_usd),
    switchboard_usage_histogram(array_agg(n.latency_ms)),
    switchboard_usage_histogram(array_agg(n.ttft_ms))
  FROM new_rows n CROSS JOIN (VALUES ('hour'), ('day')) AS s(size)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (size, start, model, provider, key_id, key_name, status, stream) DO UPDATE SET
    requests = r.requests + EXCLUDED.requests,
    prompt_tokens = r.prompt_tokens + EXCLUDED.prompt_tokens,
    completion_tokens = r.completion_tokens + EXCLUDED.completion_tokens,
    cached_tokens = r.cached_tokens + EXCLUDED.cached_tokens,
    cost_usd = r.cost_usd + EXCLUDED.cost_usd,
    latency_hist = switchboard_usage_histogram_add(r.latency_hist, EXCLUDED.latency_hist, 1),
    ttft_hist = switchboard_usage_histogram_add(r.ttft_hist, EXCLUDED.ttft_hist, 1);
  RETURN NULL;
END
$$;

-- Take the rows of a DELETE statement (the retention) out of both rollup sizes; rollup rows
-- left with no request go.
CREATE OR REPLACE FUNCTION switchboard_usage_rollups_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE usage_rollups AS r SET
    requests = r.requests - o.requests,
    prompt_tokens = r.prompt_tokens - o.prompt_tokens,
    completion_tokens = r.completion_tokens - o.completion_tokens,
    cached_tokens = r.cached_tokens - o.cached_tokens,
    cost_usd = r.cost_usd - o.cost_usd,
    latency_hist = switchboard_usage_histogram_add(r.latency_hist, o.latency_hist, -1),
    ttft_hist = switchboard_usage_histogram_add(r.ttft_hist, o.ttft_hist, -1)
  FROM (
    SELECT s.size, date_trunc(s.size, d.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS start,
      d.model, coalesce(d.provider, '') AS provider,
      coalesce(d.key_id, '00000000-0000-0000-0000-000000000000'::uuid) AS key_id,
      coalesce(d.key_name, '') AS key_name, d.status, d.stream,
      count(*) AS requests, sum(d.prompt_tokens) AS prompt_tokens,
      sum(d.completion_tokens) AS completion_tokens, sum(d.cached_tokens) AS cached_tokens,
      sum(d.cost_usd) AS cost_usd,
      switchboard_usage_histogram(array_agg(d.latency_ms)) AS latency_hist,
      switchboard_usage_histogram(array_agg(d.ttft_ms)) AS ttft_hist
    FROM old_rows d CROSS JOIN (VALUES ('hour'), ('day')) AS s(size)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ) o
  WHERE (r.size, r.start, r.model, r.provider, r.key_id, r.key_name, r.status, r.stream)
      = (o.size, o.start, o.model, o.provider, o.key_id, o.key_name, o.status, o.stream);
  DELETE FROM usage_rollups AS r WHERE r.requests <= 0 AND (r.size, r.start) IN (
    SELECT DISTINCT s.size, date_trunc(s.size, d.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    FROM old_rows d CROSS JOIN (VALUES ('hour'), ('day')) AS s(size));
  RETURN NULL;
END
$$;

-- The triggers, and the rollups of the rows written before they existed. In one transaction
-- with writers held off (SHARE lock), so that every row is counted exactly once: a table with
-- rows but no rollups has never been rolled up (the triggers keep both empty or both not).
BEGIN;
LOCK TABLE usage_records IN SHARE MODE;
DROP TRIGGER IF EXISTS usage_rollups_insert ON usage_records;
CREATE TRIGGER usage_rollups_insert AFTER INSERT ON usage_records
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION switchboard_usage_rollups_insert();
DROP TRIGGER IF EXISTS usage_rollups_delete ON usage_records;
CREATE TRIGGER usage_rollups_delete AFTER DELETE ON usage_records
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION switchboard_usage_rollups_delete();
INSERT INTO usage_rollups (size, start, model, provider, key_id, key_name, status, stream,
  requests, prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_hist, ttft_hist)
SELECT s.size, date_trunc(s.size, u.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
  u.model, coalesce(u.provider, ''),
  coalesce(u.key_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(u.key_name, ''),
  u.status, u.stream, count(*), sum(u.prompt_tokens), sum(u.completion_tokens),
  sum(u.cached_tokens), sum(u.cost_usd),
  switchboard_usage_histogram(array_agg(u.latency_ms)),
  switchboard_usage_histogram(array_agg(u.ttft_ms))
FROM usage_records u CROSS JOIN (VALUES ('hour'), ('day')) AS s(size)
WHERE NOT EXISTS (SELECT 1 FROM usage_rollups)
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
COMMIT;
