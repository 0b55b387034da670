-- CreateEnum
CREATE TYPE "PlanKind" AS ENUM ('usage', 'membership');

-- CreateEnum
CREATE TYPE "BillingInterval" AS ENUM ('month', 'year');

-- CreateEnum
CREATE TYPE "SubscriptionStatus" AS ENUM ('active', 'past_due', 'paused', 'cancelled');

-- CreateEnum
CREATE TYPE "CreditReason" AS ENUM ('plan_grant', 'pack_purchase', 'adjustment', 'booking_debit', 'booking_refund', 'expiry');

-- CreateEnum
CREATE TYPE "PassKind" AS ENUM ('day_pass', 'carnet', 'hour_pack');

-- CreateEnum
CREATE TYPE "InvoiceKind" AS ENUM ('invoice', 'credit_note');

-- CreateTable
CREATE TABLE "plans" (
    "id" UUID NOT NULL,
    "lieu_id" UUID NOT NULL,
    "kind" "PlanKind" NOT NULL DEFAULT 'usage',
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "price_cents" INTEGER NOT NULL,
    "vat_rate_bp" INTEGER NOT NULL,
    "interval" "BillingInterval" NOT NULL,
    "entitlements" JSONB NOT NULL DEFAULT '{}',
    "requires_membership" BOOLEAN NOT NULL DEFAULT false,
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscriptions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "status" "SubscriptionStatus" NOT NULL,
    "provider" TEXT NOT NULL DEFAULT 'manual',
    "provider_ref" TEXT,
    "current_period_start" TIMESTAMPTZ(3) NOT NULL,
    "current_period_end" TIMESTAMPTZ(3) NOT NULL,
    "cancel_at_period_end" BOOLEAN NOT NULL DEFAULT false,
    "cancelled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_entries" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "lieu_id" UUID NOT NULL,
    "resource_kind" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "reason" "CreditReason" NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "unique_key" TEXT,
    "booking_id" UUID,
    "created_by_id" UUID,
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_balances" (
    "user_id" UUID NOT NULL,
    "lieu_id" UUID NOT NULL,
    "resource_kind" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "credit_balances_pkey" PRIMARY KEY ("user_id","lieu_id","resource_kind")
);

-- CreateTable
CREATE TABLE "pass_products" (
    "id" UUID NOT NULL,
    "lieu_id" UUID NOT NULL,
    "kind" "PassKind" NOT NULL,
    "name" TEXT NOT NULL,
    "price_cents" INTEGER NOT NULL,
    "vat_rate_bp" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "resource_kind" TEXT,
    "validity_days" INTEGER NOT NULL,
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pass_products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "passes" (
    "id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "user_id" UUID,
    "email" TEXT NOT NULL,
    "remaining" INTEGER NOT NULL,
    "valid_until" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "passes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_counters" (
    "lieu_id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "next" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "invoice_counters_pkey" PRIMARY KEY ("lieu_id","year","kind")
);

-- CreateTable
CREATE TABLE "invoices" (
    "id" UUID NOT NULL,
    "lieu_id" UUID NOT NULL,
    "kind" "InvoiceKind" NOT NULL,
    "number" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "seller" JSONB NOT NULL,
    "buyer" JSONB NOT NULL,
    "buyer_user_id" UUID,
    "lines" JSONB NOT NULL,
    "total_excl_cents" INTEGER NOT NULL,
    "total_vat_cents" INTEGER NOT NULL,
    "total_incl_cents" INTEGER NOT NULL,
    "credits_invoice_id" UUID,
    "payment_method" TEXT,
    "paid_at" TIMESTAMPTZ(3),
    "previous_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_events" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "payment_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "plans_lieu_id_idx" ON "plans"("lieu_id");

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_provider_ref_key" ON "subscriptions"("provider_ref");

-- CreateIndex
CREATE INDEX "subscriptions_user_id_idx" ON "subscriptions"("user_id");

-- CreateIndex
CREATE INDEX "subscriptions_plan_id_idx" ON "subscriptions"("plan_id");

-- CreateIndex
CREATE UNIQUE INDEX "credit_entries_unique_key_key" ON "credit_entries"("unique_key");

-- CreateIndex
CREATE INDEX "credit_entries_user_id_lieu_id_resource_kind_idx" ON "credit_entries"("user_id", "lieu_id", "resource_kind");

-- CreateIndex
CREATE INDEX "pass_products_lieu_id_idx" ON "pass_products"("lieu_id");

-- CreateIndex
CREATE INDEX "passes_user_id_idx" ON "passes"("user_id");

-- CreateIndex
CREATE INDEX "invoices_buyer_user_id_idx" ON "invoices"("buyer_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_lieu_id_kind_year_sequence_key" ON "invoices"("lieu_id", "kind", "year", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_lieu_id_number_key" ON "invoices"("lieu_id", "number");

-- AddForeignKey
ALTER TABLE "plans" ADD CONSTRAINT "plans_lieu_id_fkey" FOREIGN KEY ("lieu_id") REFERENCES "lieux"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pass_products" ADD CONSTRAINT "pass_products_lieu_id_fkey" FOREIGN KEY ("lieu_id") REFERENCES "lieux"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "passes" ADD CONSTRAINT "passes_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "pass_products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "passes" ADD CONSTRAINT "passes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_counters" ADD CONSTRAINT "invoice_counters_lieu_id_fkey" FOREIGN KEY ("lieu_id") REFERENCES "lieux"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_lieu_id_fkey" FOREIGN KEY ("lieu_id") REFERENCES "lieux"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: money invariants the database enforces.

-- Credit balances never go negative: every ledger entry moves its balance row in the same
-- statement; a debit that would overdraw fails the CHECK and the whole transaction with it. The
-- balance row is locked by the upsert, so concurrent debits are serialised.
ALTER TABLE "credit_balances" ADD CONSTRAINT "credit_balances_non_negative" CHECK ("minutes" >= 0);

CREATE FUNCTION credit_entries_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO credit_balances (user_id, lieu_id, resource_kind, minutes)
  VALUES (NEW.user_id, NEW.lieu_id, NEW.resource_kind, NEW.minutes)
  ON CONFLICT (user_id, lieu_id, resource_kind)
  DO UPDATE SET minutes = credit_balances.minutes + EXCLUDED.minutes;
  RETURN NEW;
END $$;
CREATE TRIGGER credit_entries_apply AFTER INSERT ON credit_entries
  FOR EACH ROW EXECUTE FUNCTION credit_entries_apply();

-- The ledger is append-only. Deleting an account (GDPR) may remove its entries, and only then:
-- that transaction sets fabrique.erasing_user to the user's id.
CREATE FUNCTION credit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('fabrique.erasing_user', true) = OLD.user_id::text THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'credit_entries is append-only' USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER credit_entries_append_only BEFORE UPDATE OR DELETE ON credit_entries
  FOR EACH ROW EXECUTE FUNCTION credit_entries_append_only();

-- Issued invoices and credit notes are immutable; only recording the payment of an unpaid one is allowed.
CREATE FUNCTION invoices_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.paid_at IS NULL
     AND (to_jsonb(NEW) - 'paid_at' - 'payment_method') = (to_jsonb(OLD) - 'paid_at' - 'payment_method') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'issued invoices are immutable: issue a credit note' USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION invoices_immutable();

ALTER TABLE "plans" ADD CONSTRAINT "plans_amounts" CHECK ("price_cents" >= 0 AND "vat_rate_bp" BETWEEN 0 AND 10000);
ALTER TABLE "pass_products" ADD CONSTRAINT "pass_products_amounts" CHECK ("price_cents" >= 0 AND "vat_rate_bp" BETWEEN 0 AND 10000 AND "quantity" > 0 AND "validity_days" > 0);
ALTER TABLE "passes" ADD CONSTRAINT "passes_remaining" CHECK ("remaining" >= 0);
ALTER TABLE "invoice_counters" ADD CONSTRAINT "invoice_counters_next" CHECK ("next" >= 1);
