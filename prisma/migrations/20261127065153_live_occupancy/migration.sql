-- CreateEnum
CREATE TYPE "DeviceKind" AS ENUM ('kiosk', 'lobby');

-- AlterTable
ALTER TABLE "lieux" ADD COLUMN     "live_seq" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "resources" ADD COLUMN     "out_of_service" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "out_of_service_reason" TEXT;

-- CreateTable
CREATE TABLE "devices" (
    "id" UUID NOT NULL,
    "lieu_id" UUID NOT NULL,
    "kind" "DeviceKind" NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "devices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_secrets" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_secrets_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "devices_token_hash_key" ON "devices"("token_hash");

-- CreateIndex
CREATE INDEX "devices_lieu_id_idx" ON "devices"("lieu_id");

-- AddForeignKey
ALTER TABLE "devices" ADD CONSTRAINT "devices_lieu_id_fkey" FOREIGN KEY ("lieu_id") REFERENCES "lieux"("id") ON DELETE CASCADE ON UPDATE CASCADE;
