-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "providers" (
    "id" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "api_key_encrypted" TEXT,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "timeout_ms" INTEGER NOT NULL DEFAULT 60000,
    "retries" INTEGER NOT NULL DEFAULT 2,
    "stream_support" BOOLEAN NOT NULL DEFAULT true,
    "non_stream_support" BOOLEAN NOT NULL DEFAULT true,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "extra" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "providers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "models" (
    "name" TEXT NOT NULL,
    "strategy" TEXT NOT NULL DEFAULT 'priority',
    "sticky" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "models_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "targets" (
    "id" UUID NOT NULL,
    "model_name" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "upstream_model" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "priority" INTEGER NOT NULL DEFAULT 1,
    "weight" INTEGER NOT NULL DEFAULT 1,
    "context_window" INTEGER,
    "price" JSONB,
    "quota" JSONB,
    "enabled" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "targets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rules" (
    "id" UUID NOT NULL,
    "model_name" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "when" TEXT NOT NULL,
    "targets" JSONB NOT NULL,

    CONSTRAINT "rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'user',
    "models" TEXT[] DEFAULT ARRAY['*']::TEXT[],
    "limits" JSONB,
    "budget" JSONB,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_records" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "request_id" TEXT NOT NULL,
    "key_id" UUID,
    "key_name" TEXT,
    "model" TEXT NOT NULL,
    "provider" TEXT,
    "upstream_model" TEXT,
    "endpoint" TEXT NOT NULL,
    "stream" BOOLEAN NOT NULL DEFAULT false,
    "status" INTEGER NOT NULL,
    "error_code" TEXT,
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "cached_tokens" INTEGER NOT NULL DEFAULT 0,
    "latency_ms" INTEGER NOT NULL,
    "ttft_ms" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "attempt_log" JSONB,
    "stream_cut" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "usage_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "config_state" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "config_state_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "targets_model_name_idx" ON "targets"("model_name");

-- CreateIndex
CREATE INDEX "targets_provider_id_idx" ON "targets"("provider_id");

-- CreateIndex
CREATE INDEX "rules_model_name_position_idx" ON "rules"("model_name", "position");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_name_key" ON "api_keys"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "usage_records_created_at_idx" ON "usage_records"("created_at");

-- CreateIndex
CREATE INDEX "usage_records_key_id_created_at_idx" ON "usage_records"("key_id", "created_at");

-- CreateIndex
CREATE INDEX "usage_records_model_created_at_idx" ON "usage_records"("model", "created_at");

-- AddForeignKey
ALTER TABLE "targets" ADD CONSTRAINT "targets_model_name_fkey" FOREIGN KEY ("model_name") REFERENCES "models"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "targets" ADD CONSTRAINT "targets_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rules" ADD CONSTRAINT "rules_model_name_fkey" FOREIGN KEY ("model_name") REFERENCES "models"("name") ON DELETE CASCADE ON UPDATE CASCADE;

