-- CreateEnum
CREATE TYPE "PoolScope" AS ENUM ('lieu', 'network');

-- CreateEnum
CREATE TYPE "PoolBilling" AS ENUM ('card', 'monthly');

-- CreateEnum
CREATE TYPE "PoolStatus" AS ENUM ('pending', 'active', 'cancelled');

-- AlterTable
ALTER TABLE "employers" ADD COLUMN     "billing_address" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "billing_email" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "vat_number" TEXT;

-- AlterTable
ALTER TABLE "invoices" ADD COLUMN     "buyer_employer_id" UUID;

-- CreateTable
CREATE TABLE "employer_invitations" (
    "id" UUID NOT NULL,
    "employer_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "EmployerRole" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "invited_by_id" UUID,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "employer_invitations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "employer_pools" (
    "id" UUID NOT NULL,
    "employer_id" UUID NOT NULL,
    "seller_lieu_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "scope" "PoolScope" NOT NULL,
    "network_id" UUID,
    "unit" TEXT NOT NULL,
    "resource_kind" TEXT,
    "product_count" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "remaining" INTEGER NOT NULL,
    "product_price_cents" INTEGER NOT NULL,
    "product_quantity" INTEGER NOT NULL,
    "vat_rate_bp" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_until" TIMESTAMPTZ(3) NOT NULL,
    "billing" "PoolBilling" NOT NULL,
    "status" "PoolStatus" NOT NULL,
    "invoice_id" UUID,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "employer_pools_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "employer_allocations" (
    "employer_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "budget_kind" TEXT NOT NULL DEFAULT 'none',
    "budget_period" TEXT NOT NULL DEFAULT 'month',
    "budget_amount" INTEGER NOT NULL DEFAULT 0,
    "lieu_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "resource_kinds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "weekdays" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "employer_allocations_pkey" PRIMARY KEY ("employer_id","user_id")
);

-- CreateTable
CREATE TABLE "employer_usages" (
    "id" UUID NOT NULL,
    "employer_id" UUID NOT NULL,
    "pool_id" UUID NOT NULL,
    "user_id" UUID,
    "booking_id" UUID,
    "lieu_id" UUID NOT NULL,
    "seller_lieu_id" UUID NOT NULL,
    "resource_kind" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "days" INTEGER NOT NULL,
    "minutes" INTEGER NOT NULL,
    "value_excl_cents" INTEGER NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reversed_at" TIMESTAMPTZ(3),
    "invoice_id" UUID,
    "invoice_line" INTEGER,
    "credit_note_id" UUID,

    CONSTRAINT "employer_usages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "employer_invitations_token_hash_key" ON "employer_invitations"("token_hash");

-- CreateIndex
CREATE INDEX "employer_invitations_employer_id_idx" ON "employer_invitations"("employer_id");

-- CreateIndex
CREATE INDEX "employer_pools_employer_id_idx" ON "employer_pools"("employer_id");

-- CreateIndex
CREATE INDEX "employer_pools_seller_lieu_id_idx" ON "employer_pools"("seller_lieu_id");

-- CreateIndex
CREATE INDEX "employer_pools_network_id_idx" ON "employer_pools"("network_id");

-- CreateIndex
CREATE INDEX "employer_usages_employer_id_starts_at_idx" ON "employer_usages"("employer_id", "starts_at");

-- CreateIndex
CREATE INDEX "employer_usages_pool_id_idx" ON "employer_usages"("pool_id");

-- CreateIndex
CREATE INDEX "employer_usages_booking_id_idx" ON "employer_usages"("booking_id");

-- CreateIndex
CREATE INDEX "employer_usages_seller_lieu_id_created_at_idx" ON "employer_usages"("seller_lieu_id", "created_at");

-- CreateIndex
CREATE INDEX "employer_usages_lieu_id_starts_at_idx" ON "employer_usages"("lieu_id", "starts_at");

-- CreateIndex
CREATE INDEX "invoices_buyer_employer_id_idx" ON "invoices"("buyer_employer_id");

-- AddForeignKey
ALTER TABLE "employer_invitations" ADD CONSTRAINT "employer_invitations_employer_id_fkey" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "employer_pools" ADD CONSTRAINT "employer_pools_employer_id_fkey" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "employer_pools" ADD CONSTRAINT "employer_pools_seller_lieu_id_fkey" FOREIGN KEY ("seller_lieu_id") REFERENCES "lieux"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "employer_pools" ADD CONSTRAINT "employer_pools_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "pass_products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "employer_allocations" ADD CONSTRAINT "employer_allocations_employer_id_fkey" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "employer_allocations" ADD CONSTRAINT "employer_allocations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "employer_usages" ADD CONSTRAINT "employer_usages_employer_id_fkey" FOREIGN KEY ("employer_id") REFERENCES "employers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "employer_usages" ADD CONSTRAINT "employer_usages_pool_id_fkey" FOREIGN KEY ("pool_id") REFERENCES "employer_pools"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "employer_usages" ADD CONSTRAINT "employer_usages_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "employer_usages" ADD CONSTRAINT "employer_usages_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "bookings"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_buyer_employer_id_fkey" FOREIGN KEY ("buyer_employer_id") REFERENCES "employers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ─── Hand-written: the money invariants of employer pools (docs/employers.md) ──────────────────
-- A pool never goes below zero nor above what was bought: two employees taking the last day at
-- the same moment cannot both succeed (the conditional UPDATE of pools/ledger.ts is the first
-- guard, this CHECK the last).
ALTER TABLE "employer_pools" ADD CONSTRAINT "employer_pools_remaining" CHECK ("remaining" >= 0 AND "remaining" <= "quantity");
ALTER TABLE "employer_pools" ADD CONSTRAINT "employer_pools_amounts" CHECK (
  "product_count" > 0 AND "quantity" > 0 AND "product_quantity" > 0 AND "product_price_cents" >= 0
  AND "vat_rate_bp" BETWEEN 0 AND 10000 AND "valid_until" > "valid_from"
  AND "unit" IN ('day', 'minute') AND ("scope" = 'lieu' OR "network_id" IS NOT NULL));
ALTER TABLE "employer_allocations" ADD CONSTRAINT "employer_allocations_budget" CHECK (
  "budget_kind" IN ('none', 'days', 'euros') AND "budget_period" IN ('month', 'total') AND "budget_amount" >= 0);
ALTER TABLE "employer_usages" ADD CONSTRAINT "employer_usages_amounts" CHECK (
  "units" > 0 AND "days" > 0 AND "minutes" > 0 AND "value_excl_cents" >= 0 AND "ends_at" > "starts_at"
  AND ("credit_note_id" IS NULL OR ("invoice_id" IS NOT NULL AND "reversed_at" IS NOT NULL))
  AND (("invoice_id" IS NULL) = ("invoice_line" IS NULL)));
-- A booking is paid by at most one live usage (a move reverses the old one before taking anew).
CREATE UNIQUE INDEX "employer_usages_one_live_per_booking" ON "employer_usages" ("booking_id") WHERE "reversed_at" IS NULL;
-- A booking is paid before its row is written (pricing/booking-payment.ts): the usage's reference to
-- it is checked at commit.
ALTER TABLE "employer_usages" ALTER CONSTRAINT "employer_usages_booking_id_fkey" DEFERRABLE INITIALLY DEFERRED;
-- A booking may be paid by an employer's pool.
ALTER TABLE "bookings" DROP CONSTRAINT "bookings_payment_means_known";
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_payment_means_known"
  CHECK ("payment_means" IS NULL OR "payment_means" IN ('included', 'employer', 'credits', 'pass', 'on_site', 'card', 'free'));
