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
CREATE TABLE "key_rate_buckets" (
    "key_id" UUID NOT NULL,
    "second" BIGINT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "tokens" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "key_rate_buckets_pkey" PRIMARY KEY ("key_id","second")
);

-- CreateIndex
CREATE INDEX "usage_records_provider_created_at_idx" ON "usage_records"("provider", "created_at");


