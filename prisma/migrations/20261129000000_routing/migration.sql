-- AlterTable
ALTER TABLE "targets" ADD COLUMN     "capabilities" JSONB;

