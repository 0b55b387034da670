-- Hand-written: the GiST operator class for = on uuid inside an exclusion constraint.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- CreateEnum
CREATE TYPE "ResourceKind" AS ENUM ('desk', 'room', 'machine', 'zone');

-- CreateEnum
CREATE TYPE "BookingStatus" AS ENUM ('pending', 'confirmed', 'checked_in', 'completed', 'cancelled', 'declined', 'no_show');

-- CreateEnum
CREATE TYPE "WaitlistStatus" AS ENUM ('waiting', 'offered', 'accepted', 'expired', 'cancelled');

-- CreateEnum
CREATE TYPE "CalendarScope" AS ENUM ('member', 'resource', 'lieu');

-- AlterTable
ALTER TABLE "lieux" ADD COLUMN     "booking_rules" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "outbox_emails" ADD COLUMN     "attachments" JSONB;

-- CreateTable
CREATE TABLE "resources" (
    "id" UUID NOT NULL,
    "lieu_id" UUID NOT NULL,
    "kind" "ResourceKind" NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "photo_url" TEXT,
    "amenities" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "capacity" INTEGER NOT NULL DEFAULT 1,
    "dedicated_to_id" UUID,
    "habilitation_id" UUID,
    "requires_referent" BOOLEAN NOT NULL DEFAULT false,
    "rules" JSONB NOT NULL DEFAULT '{}',
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "resources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "habilitations" (
    "id" UUID NOT NULL,
    "lieu_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "habilitations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "habilitation_grants" (
    "id" UUID NOT NULL,
    "habilitation_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "granted_by_id" UUID,
    "granted_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "habilitation_grants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referent_shifts" (
    "id" UUID NOT NULL,
    "lieu_id" UUID NOT NULL,
    "habilitation_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "referent_shifts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bookings" (
    "id" UUID NOT NULL,
    "lieu_id" UUID NOT NULL,
    "resource_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "booked_by_id" UUID,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "block_starts_at" TIMESTAMPTZ(3) NOT NULL,
    "block_ends_at" TIMESTAMPTZ(3) NOT NULL,
    "seats" INTEGER NOT NULL DEFAULT 1,
    "exclusive" BOOLEAN NOT NULL,
    "status" "BookingStatus" NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "series_id" UUID,
    "cancelled_at" TIMESTAMPTZ(3),
    "cancelled_by_id" UUID,
    "cancel_reason" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by_id" UUID,
    "checked_in_at" TIMESTAMPTZ(3),
    "checked_out_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "bookings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "booking_series" (
    "id" UUID NOT NULL,
    "resource_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "rrule" TEXT NOT NULL,
    "local_start" TEXT NOT NULL,
    "duration_minutes" INTEGER NOT NULL,
    "time_zone" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "booking_series_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "user_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "response" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("user_id","key")
);

-- CreateTable
CREATE TABLE "waitlist_entries" (
    "id" UUID NOT NULL,
    "resource_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "seats" INTEGER NOT NULL DEFAULT 1,
    "status" "WaitlistStatus" NOT NULL DEFAULT 'waiting',
    "offered_at" TIMESTAMPTZ(3),
    "offer_expires_at" TIMESTAMPTZ(3),
    "booking_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "waitlist_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "calendar_feeds" (
    "id" UUID NOT NULL,
    "scope" "CalendarScope" NOT NULL,
    "user_id" UUID NOT NULL,
    "resource_id" UUID,
    "lieu_id" UUID,
    "token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calendar_feeds_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "resources_lieu_id_kind_idx" ON "resources"("lieu_id", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "habilitations_lieu_id_name_key" ON "habilitations"("lieu_id", "name");

-- CreateIndex
CREATE INDEX "habilitation_grants_user_id_habilitation_id_idx" ON "habilitation_grants"("user_id", "habilitation_id");

-- CreateIndex
CREATE INDEX "referent_shifts_lieu_id_starts_at_idx" ON "referent_shifts"("lieu_id", "starts_at");

-- CreateIndex
CREATE INDEX "bookings_resource_id_starts_at_idx" ON "bookings"("resource_id", "starts_at");

-- CreateIndex
CREATE INDEX "bookings_lieu_id_starts_at_idx" ON "bookings"("lieu_id", "starts_at");

-- CreateIndex
CREATE INDEX "bookings_user_id_starts_at_idx" ON "bookings"("user_id", "starts_at");

-- CreateIndex
CREATE INDEX "waitlist_entries_resource_id_status_starts_at_idx" ON "waitlist_entries"("resource_id", "status", "starts_at");

-- CreateIndex
CREATE UNIQUE INDEX "calendar_feeds_token_key" ON "calendar_feeds"("token");

-- CreateIndex
CREATE INDEX "calendar_feeds_user_id_idx" ON "calendar_feeds"("user_id");

-- AddForeignKey
ALTER TABLE "resources" ADD CONSTRAINT "resources_lieu_id_fkey" FOREIGN KEY ("lieu_id") REFERENCES "lieux"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resources" ADD CONSTRAINT "resources_dedicated_to_id_fkey" FOREIGN KEY ("dedicated_to_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resources" ADD CONSTRAINT "resources_habilitation_id_fkey" FOREIGN KEY ("habilitation_id") REFERENCES "habilitations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "habilitations" ADD CONSTRAINT "habilitations_lieu_id_fkey" FOREIGN KEY ("lieu_id") REFERENCES "lieux"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "habilitation_grants" ADD CONSTRAINT "habilitation_grants_habilitation_id_fkey" FOREIGN KEY ("habilitation_id") REFERENCES "habilitations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "habilitation_grants" ADD CONSTRAINT "habilitation_grants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referent_shifts" ADD CONSTRAINT "referent_shifts_lieu_id_fkey" FOREIGN KEY ("lieu_id") REFERENCES "lieux"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referent_shifts" ADD CONSTRAINT "referent_shifts_habilitation_id_fkey" FOREIGN KEY ("habilitation_id") REFERENCES "habilitations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referent_shifts" ADD CONSTRAINT "referent_shifts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_lieu_id_fkey" FOREIGN KEY ("lieu_id") REFERENCES "lieux"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_booked_by_id_fkey" FOREIGN KEY ("booked_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "booking_series"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "booking_series" ADD CONSTRAINT "booking_series_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: invariants Prisma's schema cannot express.

-- No double booking, ever: two active bookings of an exclusive resource never overlap (buffers
-- included). The booking transaction first takes pg_advisory_xact_lock on the resource (racing
-- inserts against this constraint alone deadlock); the constraint stays the guarantee.
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap"
  EXCLUDE USING gist ("resource_id" WITH =, tstzrange("block_starts_at", "block_ends_at", '[)') WITH &&)
  WHERE ("exclusive" AND "status" IN ('pending', 'confirmed', 'checked_in', 'completed'));

ALTER TABLE "bookings" ADD CONSTRAINT "bookings_times" CHECK ("starts_at" < "ends_at");
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_block_covers"
  CHECK ("block_starts_at" <= "starts_at" AND "block_ends_at" >= "ends_at");
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_seats" CHECK ("seats" >= 1 AND ("exclusive" = false OR "seats" = 1));
ALTER TABLE "resources" ADD CONSTRAINT "resources_capacity" CHECK ("capacity" >= 1);
ALTER TABLE "referent_shifts" ADD CONSTRAINT "referent_shifts_times" CHECK ("starts_at" < "ends_at");
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_times" CHECK ("starts_at" < "ends_at" AND "seats" >= 1);
ALTER TABLE "habilitation_grants" ADD CONSTRAINT "habilitation_grants_expiry" CHECK ("expires_at" IS NULL OR "expires_at" > "granted_at");
