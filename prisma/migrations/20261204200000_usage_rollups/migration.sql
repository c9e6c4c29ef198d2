-- CreateTable
-- Usage summed per UTC hour and per UTC day for each combination of the dimensions the usage
-- endpoints filter and group by, with log-scale histograms of latency and time to first token.
-- Maintained by triggers on usage_records (prisma/routines/usage-rollups.sql), so that every
-- insert and delete, from any writer, is counted exactly once.
-- Absent values are stored as '' / the zero UUID so that one plain unique key covers them.
CREATE TABLE "usage_rollups" (
    "size" TEXT NOT NULL,
    "start" TIMESTAMPTZ(3) NOT NULL,
    "model" TEXT NOT NULL,
    "provider" TEXT NOT NULL DEFAULT '',
    "key_id" UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
    "key_name" TEXT NOT NULL DEFAULT '',
    "status" INTEGER NOT NULL,
    "stream" BOOLEAN NOT NULL,
    "requests" BIGINT NOT NULL DEFAULT 0,
    "prompt_tokens" BIGINT NOT NULL DEFAULT 0,
    "completion_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(30,10) NOT NULL DEFAULT 0,
    "latency_hist" INTEGER[] NOT NULL,
    "ttft_hist" INTEGER[] NOT NULL,

    CONSTRAINT "usage_rollups_pkey" PRIMARY KEY ("size","start","model","provider","key_id","key_name","status","stream")
);
