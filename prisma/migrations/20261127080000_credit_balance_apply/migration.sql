-- Hand-written: fixes credit_entries_apply (billing migration). PostgreSQL checks a CHECK constraint
-- on the row an INSERT proposes *before* ON CONFLICT turns it into an update, so the original
-- `INSERT … VALUES (NEW.minutes) ON CONFLICT DO UPDATE` failed every debit (a negative proposed row),
-- even on a positive balance. Now: make sure the balance row exists (0), then move it with an
-- UPDATE, which locks the row (concurrent entries of one balance are serialised) and is checked
-- on the resulting balance: an overdraft still fails with SQLSTATE 23514.
CREATE OR REPLACE FUNCTION credit_entries_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO credit_balances (user_id, lieu_id, resource_kind, minutes)
  VALUES (NEW.user_id, NEW.lieu_id, NEW.resource_kind, 0)
  ON CONFLICT (user_id, lieu_id, resource_kind) DO NOTHING;
  UPDATE credit_balances SET minutes = minutes + NEW.minutes
  WHERE user_id = NEW.user_id AND lieu_id = NEW.lieu_id AND resource_kind = NEW.resource_kind;
  RETURN NEW;
END $$;
