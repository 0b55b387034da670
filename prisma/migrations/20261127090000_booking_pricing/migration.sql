-- AlterTable
ALTER TABLE "bookings" ADD COLUMN     "credit_minutes" INTEGER,
ADD COLUMN     "pass_amount" INTEGER,
ADD COLUMN     "pass_id" UUID,
ADD COLUMN     "payment_means" TEXT,
ADD COLUMN     "price_excl_cents" INTEGER,
ADD COLUMN     "vat_rate_bp" INTEGER;

-- AlterTable
ALTER TABLE "resources" ADD COLUMN     "rates" JSONB NOT NULL DEFAULT '{}';

-- The stored price and means (written once, when booked).
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_payment_means_known"
  CHECK ("payment_means" IS NULL OR "payment_means" IN ('included', 'credits', 'pass', 'on_site', 'card', 'free'));
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_price_non_negative"
  CHECK (("price_excl_cents" IS NULL OR "price_excl_cents" >= 0) AND ("vat_rate_bp" IS NULL OR "vat_rate_bp" >= 0)
     AND ("credit_minutes" IS NULL OR "credit_minutes" > 0) AND ("pass_amount" IS NULL OR "pass_amount" > 0));
