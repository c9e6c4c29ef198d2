-- AlterTable
ALTER TABLE "targets" ADD COLUMN     "reasoning" BOOLEAN;
