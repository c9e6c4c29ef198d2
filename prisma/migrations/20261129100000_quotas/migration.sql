-- AlterTable
ALTER TABLE "usage_records" ADD COLUMN     "cost_usd" DECIMAL(20,10) NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "quota_counters" (
    "scope" TEXT NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "requests" BIGINT NOT NULL DEFAULT 0,
    "tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(20,10) NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quota_counters_pkey" PRIMARY KEY ("scope","period_start")
);

-- CreateTable
CREATE TABLE "quota_resets" (
    "scope" TEXT NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "reset_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quota_resets_pkey" PRIMARY KEY ("scope","period_start")
);

-- CreateTable
CREATE TABLE "key_rate_events" (
    "id" BIGSERIAL NOT NULL,
    "key_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "tokens" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "key_rate_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "key_rate_events_key_id_at_idx" ON "key_rate_events"("key_id", "at");

-- CreateIndex
CREATE INDEX "usage_records_provider_created_at_idx" ON "usage_records"("provider", "created_at");


-- A key's sliding-window limits (rpm, tpm over the last 60 s), checked and recorded in one
-- call: the advisory lock serialises the requests of one key (across instances), so the count
-- and the insert cannot interleave. NULL limits are not checked. A request larger than the
-- whole tpm is admitted into an empty window (it could never go otherwise).
CREATE FUNCTION switchboard_reserve_rate(p_key uuid, p_tokens integer, p_rpm integer, p_tpm integer)
RETURNS TABLE (admitted boolean, used_requests integer, used_tokens bigint, retry_after_ms integer, event_id bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_now timestamptz := clock_timestamp();
  v_requests integer;
  v_tokens bigint;
  v_oldest timestamptz;
  v_id bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('switchboard_rate:' || p_key::text, 0));
  v_now := clock_timestamp();
  SELECT count(*)::integer, coalesce(sum(e.tokens), 0)::bigint, min(e.at)
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
