-- AlterTable
ALTER TABLE "models" ADD COLUMN     "unsupported_tools" TEXT NOT NULL DEFAULT 'drop';
